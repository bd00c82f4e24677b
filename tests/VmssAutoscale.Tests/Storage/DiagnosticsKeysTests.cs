using System;
using VmssAutoscale.Azure.Storage;

namespace VmssAutoscale.Tests.Storage
{
    public class DiagnosticsKeysTests
    {
        private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc);

        [Fact]
        public void Escapes_resource_ids_and_counters_as_the_published_examples()
        {
            // Values derived with the escaping the agents apply (":" + 4 hex digits per non-alphanumeric character), as WADMetrics partition keys show in learn.microsoft.com "Windows Azure Diagnostics extension" storage schema.
            Assert.Equal(
                ":002Fsubscriptions:002F00000000:002D0000:002D0000:002D0000:002D000000000000:002FresourceGroups:002Fmyrg:002Fproviders:002FMicrosoft:002ECompute:002FvirtualMachineScaleSets:002Fmyvmss",
                DiagnosticsKeys.Escape("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myrg/providers/Microsoft.Compute/virtualMachineScaleSets/myvmss"));
            Assert.Equal(":005CProcessor:005CPercentProcessorTime", DiagnosticsKeys.Escape(@"\Processor\PercentProcessorTime"));
            Assert.Equal(":005CProcessor:0028:005FTotal:0029:005C:0025:0020Processor:0020Time", DiagnosticsKeys.Escape(@"\Processor(_Total)\% Processor Time"));
            Assert.Equal(@"\Processor(_Total)\% Processor Time", DiagnosticsKeys.Unescape(DiagnosticsKeys.Escape(@"\Processor(_Total)\% Processor Time")));
        }

        [Fact]
        public void Descending_ticks_match_the_worked_values()
        {
            Assert.Equal("2519551871999999999", DiagnosticsKeys.DescendingTicks(Utc(2015, 11, 10)));
            Assert.Equal("2518363979999999999", DiagnosticsKeys.DescendingTicks(Utc(2019, 8, 15, 21)));
            Assert.Equal("2519551871999999999__:005CMemory:005CAvailable:0020Bytes", DiagnosticsKeys.WadMetricsRowKey(Utc(2015, 11, 10), @"\Memory\Available Bytes"));
            Assert.Equal(Utc(2019, 8, 15, 21), DiagnosticsKeys.PeriodStartFromRowKey("2518363979999999999__:005CMemory__3"));
            Assert.Equal("3", DiagnosticsKeys.InstanceSuffixFromRowKey("2518363979999999999__:005CMemory__3"));
            Assert.Null(DiagnosticsKeys.InstanceSuffixFromRowKey("2518363979999999999__:005CMemory"));
        }

        [Theory]
        [InlineData("2016-04-15", "20160415")]
        [InlineData("2017-04-12", "20170410")]
        [InlineData("2017-06-18", "20170609")]
        [InlineData("2019-08-15", "20190808")]
        [InlineData("2019-10-06", "20190927")]
        public void Table_dates_follow_the_10_day_grid_of_real_table_names(string day, string suffix)
        {
            var t = DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc).AddHours(13);
            Assert.Equal("WADMetricsPT1MP10DV2S" + suffix, DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromMinutes(1), t));
            Assert.Equal("WADMetricsPT1HP10DV2S" + suffix, DiagnosticsKeys.WadMetricsTableName(TimeSpan.FromHours(1), t));
        }

        [Fact]
        public void A_range_across_a_boundary_names_both_tables_and_an_exclusive_end_on_it_does_not()
        {
            var boundary = Utc(2024, 5, 13);
            Assert.Equal(new[] { "WADMetricsPT1MP10DV2S20240503", "WADMetricsPT1MP10DV2S20240513" },
                DiagnosticsKeys.WadMetricsTableNames(TimeSpan.FromMinutes(1), boundary.AddMinutes(-20), boundary.AddMinutes(10)));
            Assert.Equal(new[] { "WADMetricsPT1MP10DV2S20240503" },
                DiagnosticsKeys.WadMetricsTableNames(TimeSpan.FromMinutes(1), boundary.AddMinutes(-20), boundary));
            Assert.Equal(3, DiagnosticsKeys.WadMetricsTableNames(TimeSpan.FromHours(1), boundary.AddDays(-11), boundary.AddDays(1)).Count);
        }

        [Fact]
        public void The_row_key_range_holds_exactly_the_periods_that_start_inside_it()
        {
            var start = Utc(2024, 5, 12, 23, 40);
            var end = start.AddMinutes(30);
            var (lower, upper) = DiagnosticsKeys.WadMetricsRowKeyRange(start, end);
            bool Inside(DateTime t)
            {
                var key = DiagnosticsKeys.WadMetricsRowKey(t, @"\Processor(_Total)\% Processor Time", "7");
                return string.CompareOrdinal(key, lower) >= 0 && string.CompareOrdinal(key, upper) < 0;
            }

            Assert.True(Inside(start));
            Assert.True(Inside(end.AddMinutes(-1)));
            Assert.False(Inside(end));
            Assert.False(Inside(start.AddMinutes(-1)));
            var counterFirst = DiagnosticsKeys.WadMetricsCounterFirstRowKey(start, @"\Processor(_Total)\% Processor Time");
            Assert.False(string.CompareOrdinal(counterFirst, lower) >= 0 && string.CompareOrdinal(counterFirst, upper) < 0);
        }

        [Fact]
        public void Raw_and_LAD_2_3_partition_keys_have_the_documented_shapes()
        {
            var t = Utc(2019, 5, 1, 12, 0).AddSeconds(7).AddMilliseconds(300);
            Assert.Equal("0" + t.Ticks, DiagnosticsKeys.WadPerformanceCountersPartitionKey(t));
            var key = DiagnosticsKeys.Lad23PartitionKey(1, t);
            Assert.Equal("0000000000000000001___0" + Utc(2019, 5, 1, 12, 0).AddSeconds(7).Ticks, key);
            Assert.Equal(41, key.Length);
            Assert.Equal(Utc(2019, 5, 1, 12, 0).AddSeconds(7), DiagnosticsKeys.TimeFromLad23PartitionKey(key));
            Assert.Equal(100, DiagnosticsKeys.PartitionCount(null));
            Assert.Equal(10, DiagnosticsKeys.PartitionCount("Medium"));
            Assert.Equal(1, DiagnosticsKeys.PartitionCount("small"));

            // h = h*37 + c: "ab" = 97*37 + 98.
            Assert.Equal((ulong)((97 * 37) + 98), DiagnosticsKeys.MdsdHash("ab"));
            Assert.Equal(0UL, DiagnosticsKeys.MdsdHash(string.Empty));
        }
    }
}
