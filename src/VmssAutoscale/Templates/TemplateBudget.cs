using System.Collections.Generic;
using VmssAutoscale.Json;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// The limits that keep template evaluation bounded in time, memory and stack, whatever the
    /// template says. A template is a few kilobytes of text that can describe gigabytes of values
    /// (nested replace(), string() of an array that contains itself twice per level, copy loops in
    /// copy loops), so every value that functions build is measured against a budget, and the work
    /// of one evaluation as a whole is counted. The limits are far above what a deployable template
    /// reaches; about_VmssAutoscale (HOSTILE INPUT) lists them.
    /// </summary>
    internal sealed class TemplateBudget
    {
        /// <summary>
        /// ARM refuses a copy count above 800 ("Resource iteration in ARM templates", Limits for copy,
        /// learn.microsoft.com/azure/azure-resource-manager/templates/copy-resources, read 2026-11-29);
        /// the same limit holds for property and variable iteration.
        /// </summary>
        public const int MaxCopyCount = 800;

        /// <summary>Calls nested in one expression. Real templates nest a dozen; the parser is recursive.</summary>
        public const int MaxExpressionNesting = 100;

        /// <summary>
        /// Evaluations in progress at once: nested calls plus chains of variables and parameter
        /// defaults that refer to the next one. Keeps the evaluator's recursion far from the stack's end.
        /// </summary>
        public const int MaxEvaluationDepth = 200;

        /// <summary>
        /// Characters in one string a function builds. ARM limits a whole template to 4 MB
        /// ("ARM template best practices", Template limits, learn.microsoft.com, read 2026-11-29).
        /// </summary>
        public const int MaxStringLength = 4 * 1024 * 1024;

        /// <summary>Values (array items, object properties, scalars) in one value a function or loop builds.</summary>
        public const int MaxValueNodes = 200_000;

        /// <summary>Steps (expression calls and template values evaluated) in one evaluation.</summary>
        public const long MaxSteps = 2_000_000;

        /// <summary>Characters all functions together may build in one evaluation (about 256 MB of text).</summary>
        public const long MaxProducedCharacters = 128L * 1024 * 1024;

        private long steps;
        private long produced;
        private int depth;

        /// <summary>Set when the evaluation as a whole ran out of budget: the caller stops rather than going on per resource.</summary>
        public bool Exhausted { get; private set; }

        public void Step(JsonNode site)
        {
            if (++steps > MaxSteps)
            {
                throw Exhaust($"the template needs more than {MaxSteps:N0} evaluation steps; it is refused rather than evaluated without end (copy loops inside copy loops, or values built over and over?)", site);
            }
        }

        public void Enter(JsonNode site)
        {
            if (++depth > MaxEvaluationDepth)
            {
                depth--;
                throw new TemplateEvaluationException($"expressions, variables and parameter defaults refer to each other more than {MaxEvaluationDepth} levels deep; shorten the chain", site.Path, site.Line);
            }
        }

        public void Leave() => depth--;

        /// <summary>Refuses a string before it is built, from its length, and counts it against the evaluation.</summary>
        public void String(long length, JsonNode site, string what)
        {
            if (length > MaxStringLength)
            {
                throw new TemplateEvaluationException($"{what} would build a string of {length:N0} characters; the limit is {MaxStringLength:N0} (a whole ARM template is at most 4 MB)", site.Path, site.Line);
            }

            produced += length;
            if (produced > MaxProducedCharacters)
            {
                throw Exhaust($"the template's functions build more than {MaxProducedCharacters:N0} characters of text in all; it is refused rather than evaluated without end", site);
            }
        }

        /// <summary>Refuses a value with more nodes than the limit; the walk stops at the limit, so a value shared many times over costs no more than that.</summary>
        public void Value(JsonNode value, JsonNode site, string what)
        {
            if (value.Kind != JsonKind.Array && value.Kind != JsonKind.Object)
            {
                return;
            }

            var nodes = 0L;
            var characters = 0L;
            var stack = new Stack<JsonNode>();
            stack.Push(value);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (++nodes > MaxValueNodes)
                {
                    throw new TemplateEvaluationException($"{what} builds a value of more than {MaxValueNodes:N0} items", site.Path, site.Line);
                }

                switch (node.Kind)
                {
                    case JsonKind.Array:
                        foreach (var item in node.Items)
                        {
                            stack.Push(item);
                        }

                        break;
                    case JsonKind.Object:
                        foreach (var p in node.Properties)
                        {
                            characters += p.Key.Length;
                            stack.Push(p.Value);
                        }

                        break;
                    case JsonKind.String:
                        characters += node.StringValue?.Length ?? 0;
                        break;
                }

                if (characters > MaxStringLength)
                {
                    throw new TemplateEvaluationException($"{what} builds a value holding more than {MaxStringLength:N0} characters of text", site.Path, site.Line);
                }
            }

            // The walk is work too: a value measured on every iteration of a loop spends the budget.
            steps += nodes - 1;
            Step(site);
        }

        public int CopyCount(long count, string loopName, JsonNode site)
        {
            if (count < 0 || count > MaxCopyCount)
            {
                throw new TemplateEvaluationException($"the copy loop '{loopName}' has count {count}; ARM allows 0 to {MaxCopyCount}", site.Path, site.Line);
            }

            return (int)count;
        }

        private TemplateEvaluationException Exhaust(string problem, JsonNode site)
        {
            Exhausted = true;
            return new TemplateEvaluationException(problem, site.Path, site.Line);
        }
    }
}
