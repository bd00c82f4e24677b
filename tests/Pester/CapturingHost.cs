using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace VmssAutoscaleTests
{
    /// <summary>
    /// A host that keeps the lines commands write to it instead of printing them. PowerShell writes
    /// a -WhatIf message to the host only (no stream, so no redirection or -*Variable catches it),
    /// and a transcript still prints it: a test that checks one runs its command under this host
    /// (TestUtils.psm1, Invoke-HostCaptured), so the test log stays free of "What if:" lines.
    /// </summary>
    public sealed class CapturingHost : PSHost
    {
        private readonly CapturingUserInterface ui = new CapturingUserInterface();
        private readonly Guid id = Guid.NewGuid();

        public IReadOnlyList<string> Lines => ui.Lines;

        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        public override Guid InstanceId => id;

        public override string Name => nameof(CapturingHost);

        public override PSHostUserInterface UI => ui;

        public override Version Version => new Version(1, 0);

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        public override void SetShouldExit(int exitCode)
        {
        }
    }

    public sealed class CapturingUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder line = new StringBuilder();

        public List<string> Lines { get; } = new List<string>();

        public override PSHostRawUserInterface RawUI => null!;

        public override string ReadLine() => throw new NotSupportedException("a captured host reads nothing");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("a captured host reads nothing");

        public override void Write(string value) => line.Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => line.Append(value);

        public override void WriteLine(string value)
        {
            Lines.Add(line.Append(value).ToString());
            line.Clear();
        }

        public override void WriteErrorLine(string value) => Lines.Add(value);

        public override void WriteDebugLine(string message) => Lines.Add("DEBUG: " + message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message) => Lines.Add("VERBOSE: " + message);

        public override void WriteWarningLine(string message) => Lines.Add("WARNING: " + message);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("a captured host answers no prompt");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("a captured host answers no prompt");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("a captured host answers no prompt");

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException("a captured host answers no prompt");
    }
}
