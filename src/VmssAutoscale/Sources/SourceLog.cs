using System.Collections.Concurrent;
using System.Collections.Generic;

namespace VmssAutoscale.Sources
{
    public enum SourceLogLevel
    {
        Verbose,
        Warning,
    }

    /// <summary>
    /// Messages produced on worker threads (HTTP callbacks) and written later by the cmdlet, because
    /// WriteVerbose/WriteWarning may only be called on the pipeline thread.
    /// </summary>
    public sealed class SourceLog
    {
        private readonly ConcurrentQueue<KeyValuePair<SourceLogLevel, string>> messages = new ConcurrentQueue<KeyValuePair<SourceLogLevel, string>>();

        // Messages quote names and server text: no escape sequence from data reaches the console.
        public void Verbose(string message) => messages.Enqueue(new KeyValuePair<SourceLogLevel, string>(SourceLogLevel.Verbose, Model.TerminalText.Clean(message, keepLineBreaks: true)));

        public void Warning(string message) => messages.Enqueue(new KeyValuePair<SourceLogLevel, string>(SourceLogLevel.Warning, Model.TerminalText.Clean(message, keepLineBreaks: true)));

        public IEnumerable<KeyValuePair<SourceLogLevel, string>> Drain()
        {
            while (messages.TryDequeue(out var m))
            {
                yield return m;
            }
        }
    }
}
