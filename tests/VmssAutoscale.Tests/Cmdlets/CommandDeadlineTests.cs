using System;
using System.Management.Automation;
using System.Threading;
using VmssAutoscale.Cmdlets;
using VmssAutoscale.Errors;
using Xunit;

namespace VmssAutoscale.Tests.Cmdlets
{
    /// <summary>Issue 12, item 4: the overall deadline of a command and its one setting.</summary>
    public class CommandDeadlineTests
    {
        [Theory]
        [InlineData(null, 1800)]
        [InlineData("", 1800)]
        [InlineData(" 90 ", 90)]
        [InlineData("1", 1)]
        [InlineData("99999999999", 604800)] // capped at a week
        public void The_environment_sets_the_deadline_in_seconds(string? value, double seconds) =>
            Assert.Equal(TimeSpan.FromSeconds(seconds), CommandDeadline.Resolve(value));

        [Theory]
        [InlineData("0")]
        [InlineData("-5")]
        [InlineData("1.5")]
        [InlineData("ten minutes")]
        [InlineData("99999999999999999999999")]
        public void Anything_else_is_an_error_that_names_the_variable(string value)
        {
            var e = Assert.Throws<ModuleException>(() => CommandDeadline.Resolve(value));
            Assert.Equal(ErrorIds.InvalidOption, e.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
            Assert.Contains(CommandDeadline.EnvironmentVariable, e.Message);
        }

        [Fact]
        public void The_deadline_and_not_ctrl_c_is_reported_as_a_timeout()
        {
            using var user = new CancellationTokenSource();
            using var passed = new CommandDeadline(user.Token, TimeSpan.FromMilliseconds(1), "Debug-VmssAutoscale");
            Assert.True(passed.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
            Assert.True(passed.Expired);
            var e = passed.Error("1 of 2 scale set(s) were diagnosed.");
            Assert.Equal(ErrorIds.CommandTimeout, e.ErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.Category);
            Assert.Contains("Debug-VmssAutoscale did not finish within its deadline of 0 s and stopped; 1 of 2 scale set(s) were diagnosed.", e.Message);

            using var stopped = new CommandDeadline(user.Token, TimeSpan.FromHours(1), "Debug-VmssAutoscale");
            user.Cancel();
            Assert.True(stopped.Token.IsCancellationRequested);
            Assert.False(stopped.Expired);
        }
    }
}
