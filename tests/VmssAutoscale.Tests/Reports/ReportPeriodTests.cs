using System;
using VmssAutoscale.Reports;
using Xunit;

namespace VmssAutoscale.Tests.Reports
{
    /// <summary>The report names the period its findings and charts cover, since a re-exported bundle may hold more.</summary>
    public class ReportPeriodTests
    {
        [Theory]
        [InlineData(0, 30, "30 min")]
        [InlineData(0, 90, "90 min")]
        [InlineData(1, 0, "1 h")]
        [InlineData(36, 0, "36 h")]
        [InlineData(48, 0, "2 d")]
        [InlineData(24 * 30, 0, "30 d")]
        public void Period_is_written_in_the_largest_whole_unit(int hours, int minutes, string expected)
        {
            Assert.Equal(expected, HtmlReport.Period(new TimeSpan(hours, minutes, 0)));
        }
    }
}
