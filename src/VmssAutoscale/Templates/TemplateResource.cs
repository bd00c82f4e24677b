using System;
using System.Collections.Generic;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>One deployed resource of an evaluated template (after copy loops, child and nested-deployment flattening).</summary>
    public sealed class TemplateResource
    {
        internal TemplateResource(string type, string name, string id, JsonNode node, JsonNode source, IReadOnlyList<string> dependsOn, string? copyName, int? copyIndex)
        {
            Type = type;
            Name = name;
            Id = id;
            Node = node;
            Source = source;
            DependsOn = dependsOn;
            CopyName = copyName;
            CopyIndex = copyIndex;
        }

        /// <summary>Full type, e.g. Microsoft.Compute/virtualMachineScaleSets/extensions.</summary>
        public string Type { get; }

        /// <summary>Full name, e.g. vmss/ext for a child resource.</summary>
        public string Name { get; }

        /// <summary>The resource ID this resource gets in the deployment's resource group.</summary>
        public string Id { get; }

        /// <summary>The evaluated resource (expressions replaced by values; nodes keep their template line and path).</summary>
        public JsonNode Node { get; }

        /// <summary>The resource as written in the template.</summary>
        public JsonNode Source { get; }

        public IReadOnlyList<string> DependsOn { get; }

        /// <summary>The copy loop that produced this resource, if any.</summary>
        public string? CopyName { get; }

        public int? CopyIndex { get; }

        public int Line => Source.Line;

        public string Path => Source.Path;

        public bool IsType(string type) => string.Equals(Type.TrimEnd('/'), type, StringComparison.OrdinalIgnoreCase);

        public override string ToString() => $"{Type} {Name}";
    }

    /// <summary>An ARM template after evaluation: its resources and the table of values it could not know offline.</summary>
    public sealed class EvaluatedTemplate
    {
        internal EvaluatedTemplate(JsonNode root, IReadOnlyList<TemplateResource> resources, SymbolTable symbols, IReadOnlyList<TemplateParameter> parameters, IReadOnlyDictionary<string, JsonNode> variables, TemplateDeploymentScope scope, string? file, IReadOnlyList<TemplateEvaluationException> errors)
        {
            Errors = errors;
            Root = root;
            Resources = resources;
            Symbols = symbols;
            Parameters = parameters;
            Variables = variables;
            Scope = scope;
            File = file;
        }

        public JsonNode Root { get; }

        public IReadOnlyList<TemplateResource> Resources { get; }

        public SymbolTable Symbols { get; }

        public IReadOnlyList<TemplateParameter> Parameters { get; }

        /// <summary>Evaluated top-level variables (by declared name, case-insensitive).</summary>
        public IReadOnlyDictionary<string, JsonNode> Variables { get; }

        public TemplateDeploymentScope Scope { get; }

        public string? File { get; }

        /// <summary>Variables or resources that could not be evaluated; the other resources are still here.</summary>
        public IReadOnlyList<TemplateEvaluationException> Errors { get; }

        /// <summary>Throws the first evaluation error, for callers that need the whole template to be valid.</summary>
        public EvaluatedTemplate ThrowOnError()
        {
            if (Errors.Count > 0)
            {
                throw Errors[0];
            }

            return this;
        }
    }

    /// <summary>A declared template parameter and where its value came from.</summary>
    public sealed class TemplateParameter
    {
        internal TemplateParameter(string name, string type, JsonNode declaration, JsonNode? value, string valueSource)
        {
            Name = name;
            Type = type;
            Declaration = declaration;
            Value = value;
            ValueSource = valueSource;
        }

        public string Name { get; }

        /// <summary>string, securestring, int, bool, object, secureObject, array (as declared).</summary>
        public string Type { get; }

        public JsonNode Declaration { get; }

        /// <summary>The value used; null when the parameter has none (it then evaluates to a symbolic value).</summary>
        public JsonNode? Value { get; }

        /// <summary>"default", "parameters file", "override" or "none".</summary>
        public string ValueSource { get; }
    }

    /// <summary>The deployment a template is evaluated for; offline we cannot know it, so these are stand-ins.</summary>
    public sealed class TemplateDeploymentScope
    {
        public string SubscriptionId { get; init; } = "00000000-0000-0000-0000-000000000000";

        public string TenantId { get; init; } = "00000000-0000-0000-0000-000000000000";

        public string ResourceGroupName { get; init; } = "resourceGroup";

        public string Location { get; init; } = "westus";

        public string DeploymentName { get; init; } = "deployment";

        public string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}";
    }
}
