using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// Evaluates an ARM template offline: parameters (defaults, parameter file, overrides),
    /// variables (with cycle detection), expressions, copy loops, child resources and inline nested
    /// deployments. Values that only exist at deployment time stay symbolic (see <see cref="SymbolTable"/>).
    /// Every evaluated node keeps the line and path of the template text it came from.
    /// </summary>
    public sealed partial class TemplateEvaluator
    {
        /// <summary>The value source a parameter file gives for a Key Vault reference: known only at deployment.</summary>
        public const string KeyVaultReference = "Key Vault reference";

        private readonly SymbolTable symbols;
        private readonly TemplateDeploymentScope deployment;
        private readonly TemplateBudget budget;
        private readonly Dictionary<string, TemplateParameter> parameters = new Dictionary<string, TemplateParameter>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonNode> parameterValues = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, KeyValuePair<string, JsonNode>> variableDeclarations = new Dictionary<string, KeyValuePair<string, JsonNode>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonNode> variableValues = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);

        // A variable that failed fails the same way again: remembering it keeps a chain of thousands of
        // variables that ends in an error from being walked again from every link.
        private readonly Dictionary<string, TemplateEvaluationException> variableFailures = new Dictionary<string, TemplateEvaluationException>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> evaluatingVariables = new List<string>();
        private readonly Dictionary<string, int> copyIndexes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> copyStack = new List<string>();
        private readonly List<TemplateResource> resources = new List<TemplateResource>();
        private readonly Dictionary<string, ArmExpression> parsed = new Dictionary<string, ArmExpression>(StringComparer.Ordinal);

        // Problems confined to one variable or resource: the rest of the template is still analysed,
        // and the caller reports each of these (Azure would reject the template for any of them).
        private readonly List<TemplateEvaluationException> errors = new List<TemplateEvaluationException>();

        private TemplateEvaluator(SymbolTable symbols, TemplateDeploymentScope deployment, TemplateBudget budget)
        {
            this.symbols = symbols;
            this.deployment = deployment;
            this.budget = budget;
        }

        /// <summary>
        /// Evaluates a template. <paramref name="values"/> maps parameter names to values (from a
        /// parameter file or overrides, already merged, later sources winning) with where each came from.
        /// </summary>
        public static EvaluatedTemplate Evaluate(JsonNode root, IReadOnlyDictionary<string, KeyValuePair<JsonNode, string>>? values = null, TemplateDeploymentScope? scope = null, string? file = null)
        {
            try
            {
                var evaluator = new TemplateEvaluator(new SymbolTable(), scope ?? new TemplateDeploymentScope(), new TemplateBudget());
                return evaluator.Run(root, values ?? new Dictionary<string, KeyValuePair<JsonNode, string>>(), file);
            }
            catch (TemplateEvaluationException e)
            {
                throw e.InFile(file);
            }
        }

        private EvaluatedTemplate Run(JsonNode root, IReadOnlyDictionary<string, KeyValuePair<JsonNode, string>> values, string? file)
        {
            if (root.Kind != JsonKind.Object)
            {
                throw new TemplateEvaluationException($"a template must be a JSON object but this is {root.KindName}", root.Path, root.Line);
            }

            var resourcesNode = root["resources"];
            if (resourcesNode == null || (resourcesNode.Kind != JsonKind.Array && resourcesNode.Kind != JsonKind.Object))
            {
                throw new TemplateEvaluationException("a template needs a 'resources' array", root.Path, root.Line);
            }

            LoadDeclarations(root, values);
            foreach (var p in parameters.Values)
            {
                ParameterValue(p.Name, p.Declaration);
            }

            var evaluatedVariables = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in variableDeclarations.Keys.ToList())
            {
                try
                {
                    evaluatedVariables[variableDeclarations[name].Key] = Variable(name, variableDeclarations[name].Value);
                }
                catch (TemplateEvaluationException e)
                {
                    Record(e);
                }
            }

            CollectResources(resourcesNode, null, null);
            return new EvaluatedTemplate(root, resources, symbols, parameters.Values.ToList(), evaluatedVariables, deployment, file, errors.Select(e => e.InFile(file)).ToList());
        }

        private void LoadDeclarations(JsonNode root, IReadOnlyDictionary<string, KeyValuePair<JsonNode, string>> values)
        {
            if (root["parameters"] is JsonNode ps && ps.Kind == JsonKind.Object)
            {
                foreach (var p in ps.Properties)
                {
                    var type = p.Value["type"]?.StringValue ?? "string";
                    JsonNode? value = null;
                    var source = "none";
                    if (values.TryGetValue(p.Key, out var given))
                    {
                        value = given.Key;
                        source = given.Value;
                    }
                    else if (p.Value["defaultValue"] is JsonNode d)
                    {
                        value = d;
                        source = "default";
                    }

                    parameters[p.Key] = new TemplateParameter(p.Key, type, p.Value, value, source);
                }
            }

            foreach (var name in values.Keys)
            {
                if (!parameters.ContainsKey(name))
                {
                    var v = values[name];
                    throw new TemplateEvaluationException($"a value is given for parameter '{name}' (from {v.Value}), but the template declares no such parameter; check the spelling or remove it", v.Key.Path, v.Key.Line);
                }
            }

            if (root["variables"] is JsonNode vs && vs.Kind == JsonKind.Object)
            {
                foreach (var v in vs.Properties)
                {
                    if (v.Key.Equals("copy", StringComparison.OrdinalIgnoreCase) && v.Value.Kind == JsonKind.Array)
                    {
                        // Variable iteration: "copy": [ { "name": "x", "count": n, "input": {...} } ] declares variable x.
                        foreach (var loop in v.Value.Items)
                        {
                            var loopName = loop["name"]?.StringValue;
                            if (loopName == null)
                            {
                                throw new TemplateEvaluationException("a variable copy loop needs a 'name'", loop.Path, loop.Line);
                            }

                            variableDeclarations[loopName] = new KeyValuePair<string, JsonNode>(loopName, JsonNode.Object(new[]
                            {
                                new KeyValuePair<string, JsonNode>("copy", JsonNode.Array(new[] { loop })),
                            }));
                        }

                        continue;
                    }

                    variableDeclarations[v.Key] = new KeyValuePair<string, JsonNode>(v.Key, v.Value);
                }
            }
        }

        private JsonNode ParameterValue(string name, JsonNode site)
        {
            if (parameterValues.TryGetValue(name, out var cached))
            {
                return cached;
            }

            if (!parameters.TryGetValue(name, out var p))
            {
                var known = parameters.Count == 0 ? "the template declares no parameters" : "declared: " + string.Join(", ", parameters.Keys);
                throw new TemplateEvaluationException($"parameters('{name}') names a parameter the template does not declare ({known})", site.Path, site.Line);
            }

            JsonNode value;
            if (p.Value == null || p.ValueSource == KeyVaultReference)
            {
                // No value offline (or a Key Vault reference): the value is only known at deployment.
                value = Str(symbols.Add($"parameters('{p.Name}')", "parameters", new[] { JsonNode.From(p.Name) }, new string[0], p.Value == null ? p.Name : null), p.Declaration);
            }
            else
            {
                // Defaults may be expressions over other parameters; guard against a default that refers to itself.
                parameterValues[name] = Str(symbols.Add($"parameters('{p.Name}')", "parameters", new[] { JsonNode.From(p.Name) }, new string[0], p.Name), p.Declaration);
                value = p.ValueSource == "default" ? Eval(p.Value) : p.Value;
            }

            parameterValues[name] = value;
            return value;
        }

        private JsonNode Variable(string name, JsonNode site)
        {
            if (variableValues.TryGetValue(name, out var cached))
            {
                return cached;
            }

            if (variableFailures.TryGetValue(name, out var failure))
            {
                throw failure;
            }

            if (!variableDeclarations.TryGetValue(name, out var declaration))
            {
                var known = variableDeclarations.Count == 0 ? "the template declares no variables" : "declared: " + string.Join(", ", variableDeclarations.Values.Select(v => v.Key).Take(40));
                throw new TemplateEvaluationException($"variables('{name}') names a variable the template does not declare ({known})", site.Path, site.Line);
            }

            var i = evaluatingVariables.FindIndex(v => v.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                var cycle = string.Join(" -> ", evaluatingVariables.Skip(i).Concat(new[] { declaration.Key }));
                throw new TemplateEvaluationException($"circular variable references: {cycle}; a variable cannot depend on itself", declaration.Value.Path, declaration.Value.Line);
            }

            evaluatingVariables.Add(declaration.Key);
            try
            {
                var value = Eval(declaration.Value);
                if (declaration.Value.Line == 0 && declaration.Value.Properties.Count == 1 && declaration.Value.Has("copy"))
                {
                    // A variable declared by a variables copy loop is the array the loop produced.
                    value = value[declaration.Key] ?? value;
                }

                variableValues[name] = value;
                return value;
            }
            catch (TemplateEvaluationException e)
            {
                variableFailures[name] = e;
                throw;
            }
            finally
            {
                evaluatingVariables.RemoveAt(evaluatingVariables.Count - 1);
            }
        }

        /// <summary>Evaluates a JSON value: expressions in strings, property copy loops in objects.</summary>
        internal JsonNode Eval(JsonNode node)
        {
            budget.Step(node);
            switch (node.Kind)
            {
                case JsonKind.String:
                    var s = node.StringValue ?? string.Empty;
                    if (ArmExpression.IsExpression(s))
                    {
                        return Relocate(EvalText(s, node), node);
                    }

                    return s.StartsWith("[[", StringComparison.Ordinal) ? Str(ArmExpression.Unescape(s), node) : node;
                case JsonKind.Array:
                    var items = new List<JsonNode>(node.Items.Count);
                    foreach (var item in node.Items)
                    {
                        items.Add(Eval(item));
                    }

                    return JsonNode.Parsed(JsonKind.Array, node.Line, node.Column, node.Path).WithItems(items);
                case JsonKind.Object:
                    var props = new List<KeyValuePair<string, JsonNode>>(node.Properties.Count);
                    foreach (var p in node.Properties)
                    {
                        if (p.Key.Equals("copy", StringComparison.OrdinalIgnoreCase) && p.Value.Kind == JsonKind.Array)
                        {
                            foreach (var loop in p.Value.Items)
                            {
                                var loopName = loop["name"]?.StringValue ?? throw new TemplateEvaluationException("a property copy loop needs a 'name'", loop.Path, loop.Line);
                                var input = loop["input"] ?? throw new TemplateEvaluationException($"the copy loop '{loopName}' needs an 'input'", loop.Path, loop.Line);
                                var count = CopyCount(loop, loopName);
                                var produced = new List<JsonNode>();
                                for (var k = 0; k < count; k++)
                                {
                                    copyIndexes[loopName] = k;
                                    copyStack.Add(loopName);
                                    try
                                    {
                                        produced.Add(Eval(input));
                                    }
                                    finally
                                    {
                                        copyStack.RemoveAt(copyStack.Count - 1);
                                        copyIndexes.Remove(loopName);
                                    }
                                }

                                props.Add(new KeyValuePair<string, JsonNode>(loopName, JsonNode.Parsed(JsonKind.Array, loop.Line, loop.Column, loop.Path).WithItems(produced)));
                            }

                            continue;
                        }

                        props.Add(new KeyValuePair<string, JsonNode>(p.Key, Eval(p.Value)));
                    }

                    return JsonNode.ParsedObject(props, node.Line, node.Column, node.Path);
                default:
                    return node;
            }
        }

        private int CopyCount(JsonNode loop, string loopName)
        {
            var countNode = loop["count"] ?? throw new TemplateEvaluationException("a copy loop needs a 'count'", loop.Path, loop.Line);
            var count = Eval(countNode);
            return budget.CopyCount(RequireInteger(count, countNode, "the copy count"), loopName, countNode);
        }

        private JsonNode EvalText(string text, JsonNode site)
        {
            if (!parsed.TryGetValue(text, out var expression))
            {
                try
                {
                    expression = ArmExpression.Parse(text.Substring(1, text.Length - 2));
                }
                catch (FormatException e)
                {
                    throw new TemplateEvaluationException($"the expression {text} cannot be read: {e.Message}", site.Path, site.Line);
                }

                parsed[text] = expression;
            }

            return EvalExpression(expression, site);
        }

        private JsonNode EvalExpression(ArmExpression expression, JsonNode site)
        {
            budget.Step(site);
            budget.Enter(site);
            try
            {
                switch (expression)
                {
                    case LiteralExpression literal:
                        return literal.Value is string s ? Str(s, site) : JsonNode.From((long)literal.Value);
                    case AccessExpression access:
                        var target = EvalExpression(access.Target, site);
                        if (access.Member != null)
                        {
                            return Member(target, access.Member, site);
                        }

                        return Index(target, EvalExpression(access.Index!, site), site);
                    case CallExpression call:
                        return Measured(call, Call(call, site), site);
                    default:
                        throw new InvalidOperationException("unknown expression node");
                }
            }
            finally
            {
                budget.Leave();
            }
        }

        /// <summary>Every value a function builds is measured; parameters and variables were measured when they were built.</summary>
        private JsonNode Measured(CallExpression call, JsonNode value, JsonNode site)
        {
            if (call.Name.Equals("parameters", StringComparison.OrdinalIgnoreCase) || call.Name.Equals("variables", StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }

            if (value.Kind == JsonKind.String)
            {
                budget.String(value.StringValue?.Length ?? 0, site, call.Name + "()");
            }
            else
            {
                budget.Value(value, site, call.Name + "()");
            }

            return value;
        }

        private JsonNode Member(JsonNode target, string member, JsonNode site)
        {
            if (target.Kind == JsonKind.String && symbols.AsSingle(target.StringValue) is SymbolicCall call)
            {
                return Str(symbols.Add(call.Text + "." + member, call.Function, call.Args, call.Members.Concat(new[] { member }).ToList(), call.MissingParameter), site);
            }

            if (target.Kind != JsonKind.Object)
            {
                throw new TemplateEvaluationException($"cannot read property '{member}' of {Describe(target)}", site.Path, site.Line);
            }

            return target[member] ?? throw new TemplateEvaluationException(
                $"the object has no property '{member}' (it has: {string.Join(", ", target.Properties.Select(p => p.Key))})", site.Path, site.Line);
        }

        private JsonNode Index(JsonNode target, JsonNode index, JsonNode site)
        {
            if (target.Kind == JsonKind.String && symbols.AsSingle(target.StringValue) is SymbolicCall call)
            {
                var key = index.Kind == JsonKind.String ? index.StringValue ?? string.Empty : SymbolTable.Canon(index);
                return Str(symbols.Add(call.Text + "[" + SymbolTable.Canon(index) + "]", call.Function, call.Args, call.Members.Concat(new[] { key }).ToList(), call.MissingParameter), site);
            }

            if (target.Kind == JsonKind.Object && index.Kind == JsonKind.String)
            {
                return Member(target, index.StringValue ?? string.Empty, site);
            }

            if (target.Kind != JsonKind.Array)
            {
                throw new TemplateEvaluationException($"cannot index {Describe(target)}", site.Path, site.Line);
            }

            var i = RequireInteger(index, site, "an array index");
            if (i < 0 || i >= target.Items.Count)
            {
                throw new TemplateEvaluationException($"index {i} is outside the array, which has {target.Items.Count} items", site.Path, site.Line);
            }

            return target.Items[(int)i];
        }

        private void CollectResources(JsonNode list, TemplateResource? parent, string? parentCopy)
        {
            var items = list.Kind == JsonKind.Array ? list.Items : list.Properties.Select(p => p.Value).ToList();
            foreach (var resource in items)
            {
                if (resource.Kind != JsonKind.Object)
                {
                    throw new TemplateEvaluationException($"a resource must be an object but this is {resource.KindName}", resource.Path, resource.Line);
                }

                try
                {
                    CollectResource(resource, parent, parentCopy);
                }
                catch (TemplateEvaluationException e)
                {
                    Record(e);
                }
            }
        }

        private void Record(TemplateEvaluationException e)
        {
            if (budget.Exhausted)
            {
                // Out of budget: evaluating the next variable or resource would only spend more.
                throw e;
            }

            // One cycle is reported once, not once per variable on it.
            if (e.Problem.StartsWith("circular", StringComparison.Ordinal) && errors.Any(x => x.Problem.StartsWith("circular", StringComparison.Ordinal) && SameCycle(x.Problem, e.Problem)))
            {
                return;
            }

            if (!errors.Any(x => x.Message == e.Message))
            {
                errors.Add(e);
            }
        }

        private static bool SameCycle(string a, string b)
        {
            IEnumerable<string> Names(string problem) => problem.Split(':')[1].Split(';')[0].Split(new[] { "->" }, StringSplitOptions.None).Select(n => n.Trim().ToUpperInvariant()).Distinct().OrderBy(n => n, StringComparer.Ordinal);
            return Names(a).SequenceEqual(Names(b));
        }

        private void CollectResource(JsonNode resource, TemplateResource? parent, string? parentCopy)
        {
            if (!(resource["copy"] is JsonNode copy && copy.Kind == JsonKind.Object))
            {
                AddResource(resource, parent, parentCopy, null);
                return;
            }

            var loopName = copy["name"]?.StringValue ?? throw new TemplateEvaluationException("a resource copy loop needs a 'name'", copy.Path, copy.Line);
            var count = CopyCount(copy, loopName);
            for (var k = 0; k < count; k++)
            {
                copyIndexes[loopName] = k;
                copyStack.Add(loopName);
                try
                {
                    AddResource(resource, parent, loopName, k);
                }
                finally
                {
                    copyStack.RemoveAt(copyStack.Count - 1);
                    copyIndexes.Remove(loopName);
                }
            }
        }

        private void AddResource(JsonNode source, TemplateResource? parent, string? copyName, int? copyIndex)
        {
            if (source["condition"] is JsonNode conditionNode)
            {
                var condition = Eval(conditionNode);
                if (condition.Kind == JsonKind.Boolean && !condition.BooleanValue)
                {
                    return;
                }
            }

            // Children and inline nested templates are evaluated separately: they have their own scope rules.
            var isDeployment = string.Equals(source["type"]?.StringValue, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);
            var props = new List<KeyValuePair<string, JsonNode>>();
            foreach (var p in source.Properties)
            {
                if (p.Key.Equals("resources", StringComparison.OrdinalIgnoreCase) || p.Key.Equals("copy", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (isDeployment && p.Key.Equals("properties", StringComparison.OrdinalIgnoreCase) && p.Value.Kind == JsonKind.Object)
                {
                    var inner = p.Value.Properties.Where(q => !q.Key.Equals("template", StringComparison.OrdinalIgnoreCase))
                        .Select(q => new KeyValuePair<string, JsonNode>(q.Key, Eval(q.Value)));
                    props.Add(new KeyValuePair<string, JsonNode>(p.Key, JsonNode.ParsedObject(inner.ToList(), p.Value.Line, p.Value.Column, p.Value.Path)));
                    continue;
                }

                props.Add(new KeyValuePair<string, JsonNode>(p.Key, Eval(p.Value)));
            }

            var node = JsonNode.ParsedObject(props, source.Line, source.Column, source.Path);
            var ownType = node["type"]?.StringValue ?? throw new TemplateEvaluationException("a resource needs a 'type'", source.Path, source.Line);
            var ownName = node["name"]?.ScalarText ?? throw new TemplateEvaluationException("a resource needs a 'name'", source.Path, source.Line);
            var type = ownType.Trim('/');
            var name = ownName;
            if (parent != null && type.IndexOf('/') < 0)
            {
                type = parent.Type + "/" + type;
            }

            if (parent != null && SymbolTable.SplitOutside(name, '/').Count == 1)
            {
                name = parent.Name + "/" + name;
            }

            var dependsOn = new List<string>();
            if (node["dependsOn"] is JsonNode deps && deps.Kind == JsonKind.Array)
            {
                dependsOn.AddRange(deps.Items.Select(d => d.ScalarText ?? string.Empty));
            }

            if (parent != null)
            {
                // A child resource implicitly depends on its parent.
                dependsOn.Add(parent.Id);
            }

            var resource = new TemplateResource(type, name, ResourceId(type, SymbolTable.SplitOutside(name, '/')), node, source, dependsOn, copyName, copyIndex);
            resources.Add(resource);

            if (source["resources"] is JsonNode children && (children.Kind == JsonKind.Array || children.Kind == JsonKind.Object))
            {
                CollectResources(children, resource, null);
            }

            if (isDeployment && source["properties"]?["template"] is JsonNode template && template.Kind == JsonKind.Object)
            {
                NestedDeployment(node, source["properties"]!, template);
            }
        }

        private void NestedDeployment(JsonNode evaluated, JsonNode sourceProperties, JsonNode template)
        {
            var scope = sourceProperties["expressionEvaluationOptions"]?["scope"]?.StringValue;
            if (string.Equals(scope, "inner", StringComparison.OrdinalIgnoreCase))
            {
                // Inner scope: the nested template has its own parameters and variables, fed from the outer values.
                var values = new Dictionary<string, KeyValuePair<JsonNode, string>>(StringComparer.OrdinalIgnoreCase);
                if (evaluated["properties"]?["parameters"] is JsonNode given && given.Kind == JsonKind.Object)
                {
                    foreach (var p in given.Properties)
                    {
                        if (p.Value["value"] is JsonNode v)
                        {
                            values[p.Key] = new KeyValuePair<JsonNode, string>(v, "nested deployment parameters");
                        }
                    }
                }

                var inner = new TemplateEvaluator(symbols, deployment, budget);
                var result = inner.Run(template, values, null);
                resources.AddRange(result.Resources);
                foreach (var e in result.Errors)
                {
                    Record(e);
                }
                return;
            }

            // Outer scope (the default): the nested resources see this template's parameters and variables.
            if (template["resources"] is JsonNode nested && (nested.Kind == JsonKind.Array || nested.Kind == JsonKind.Object))
            {
                CollectResources(nested, null, null);
            }
        }

        /// <summary>/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type1}/{name1}/{type2}/{name2}...</summary>
        internal string ResourceId(string type, IReadOnlyList<string> names, string? subscriptionId = null, string? resourceGroup = null)
        {
            var typeParts = type.Trim('/').Split('/');
            var sb = new System.Text.StringBuilder();
            sb.Append("/subscriptions/").Append(subscriptionId ?? deployment.SubscriptionId)
              .Append("/resourceGroups/").Append(resourceGroup ?? deployment.ResourceGroupName)
              .Append("/providers/").Append(typeParts[0]);
            for (var i = 1; i < typeParts.Length; i++)
            {
                sb.Append('/').Append(typeParts[i]);
                if (i - 1 < names.Count)
                {
                    sb.Append('/').Append(names[i - 1]);
                }
            }

            return sb.ToString();
        }

        // ---- value helpers ----
        internal static JsonNode Str(string value, JsonNode site) =>
            JsonNode.Parsed(JsonKind.String, site.Line, site.Column, site.Path).WithScalar(false, 0, null, value);

        /// <summary>Values built by functions have no location; give them the location of the expression that produced them.</summary>
        private static JsonNode Relocate(JsonNode value, JsonNode site)
        {
            if (value.Kind == JsonKind.Array || value.Kind == JsonKind.Object)
            {
                return value.Line != 0 || site.Line == 0 ? value : Restamp(value, site.Line, site.Column, site.Path);
            }

            // A scalar from a parameter or variable is reported where it is used, not where it was declared.
            return JsonNode.Parsed(value.Kind, site.Line, site.Column, site.Path)
                .WithScalar(value.BooleanValue, value.NumberValue, value.RawNumber, value.StringValue);
        }

        private static JsonNode Restamp(JsonNode value, int line, int column, string path)
        {
            switch (value.Kind)
            {
                case JsonKind.Array:
                    return JsonNode.Parsed(JsonKind.Array, line, column, path)
                        .WithItems(value.Items.Select((item, i) => item.Line != 0 ? item : Restamp(item, line, column, JsonParser.Index(path, i))).ToList());
                case JsonKind.Object:
                    return JsonNode.ParsedObject(
                        value.Properties.Select(p => new KeyValuePair<string, JsonNode>(p.Key, p.Value.Line != 0 ? p.Value : Restamp(p.Value, line, column, JsonParser.Child(path, p.Key)))).ToList(),
                        line, column, path);
                default:
                    return JsonNode.Parsed(value.Kind, line, column, path).WithScalar(value.BooleanValue, value.NumberValue, value.RawNumber, value.StringValue);
            }
        }

        private static string Describe(JsonNode node) => node.Kind switch
        {
            JsonKind.String => $"the string '{SymbolTable.Display(node.StringValue)}'",
            JsonKind.Number => $"the number {node.RawNumber}",
            _ => node.KindName,
        };

        private long RequireInteger(JsonNode value, JsonNode site, string what)
        {
            if (value.Kind == JsonKind.Number && value.NumberValue == Math.Floor(value.NumberValue))
            {
                return (long)value.NumberValue;
            }

            if (value.Kind == JsonKind.String && long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedValue))
            {
                return parsedValue;
            }

            throw NeedsConcrete(value, site, what, "a whole number");
        }

        private TemplateEvaluationException NeedsConcrete(JsonNode value, JsonNode site, string what, string expected)
        {
            if (value.Kind == JsonKind.String && SymbolTable.IsSymbolic(value.StringValue))
            {
                var missing = symbols.MissingParameterIn(value.StringValue);
                if (missing != null)
                {
                    return new TemplateEvaluationException(
                        $"{what} needs the value of parameter '{missing}', which has none (no defaultValue, not in the parameters file); give it with -ParameterPath or -TemplateParameterObject", site.Path, site.Line);
                }

                return new TemplateEvaluationException($"{what} must be {expected} known before deployment, but it is {SymbolTable.Display(value.StringValue)}, which is only known at deployment time", site.Path, site.Line);
            }

            return new TemplateEvaluationException($"{what} must be {expected} but is {Describe(value)}", site.Path, site.Line);
        }
    }
}
