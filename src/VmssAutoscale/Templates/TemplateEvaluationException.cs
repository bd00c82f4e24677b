using System;

namespace VmssAutoscale.Templates
{
    /// <summary>
    /// A template that cannot be evaluated: invalid JSON, an unknown function, circular variables,
    /// a parameter with no value where a concrete value is needed. The message always names where
    /// (JSON path and line) so the user can go straight to the offending text.
    /// </summary>
    public sealed class TemplateEvaluationException : Exception
    {
        public TemplateEvaluationException(string problem, string path, int line, string? file = null, Exception? inner = null)
            : base(Compose(problem, path, line, file), inner)
        {
            Problem = problem;
            JsonPath = path;
            Line = line;
            File = file;
        }

        public string Problem { get; }

        public string JsonPath { get; }

        public int Line { get; }

        public string? File { get; }

        /// <summary>The same failure, now attributed to a file (the evaluator does not know file names).</summary>
        public TemplateEvaluationException InFile(string? file) =>
            file == null || File != null ? this : new TemplateEvaluationException(Problem, JsonPath, Line, file, InnerException);

        private static string Compose(string problem, string path, int line, string? file)
        {
            var where = line > 0 ? $"line {line}, {path}" : path;
            return file == null ? $"{where}: {problem}" : $"{file}, {where}: {problem}";
        }
    }
}
