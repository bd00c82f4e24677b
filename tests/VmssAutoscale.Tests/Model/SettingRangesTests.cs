using System;
using VmssAutoscale.Model;

namespace VmssAutoscale.Tests.Model
{
    public class SettingRangesTests
    {
        private static AutoscaleSetting Setting(int min, int max, int @default, TimeSpan grain, TimeSpan window, TimeSpan cooldown) => new AutoscaleSetting
        {
            Name = "s",
            Profiles = new[]
            {
                new AutoscaleProfile
                {
                    Name = "p",
                    Capacity = new ScaleCapacity { Minimum = min, Maximum = max, Default = @default },
                    Rules = new[] { new ScaleRule { MetricTrigger = new MetricTrigger { MetricName = "m", TimeGrainSpan = grain, TimeWindowSpan = window }, ScaleAction = new ScaleAction { CooldownSpan = cooldown } } },
                },
            },
        };

        [Fact]
        public void The_edges_of_every_range_are_accepted()
        {
            Assert.Empty(SettingRanges.Problems(Setting(0, 0, 0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1))));
            Assert.Empty(SettingRanges.Problems(Setting(1, 1000, 1000, TimeSpan.FromHours(12), TimeSpan.FromHours(12), TimeSpan.FromDays(7))));
        }

        [Theory]
        [InlineData(3, 2, 2, "minimum 3 is greater than maximum 2")]
        [InlineData(1, 3, 4, "default 4 is outside minimum 1 to maximum 3")]
        [InlineData(-1, 3, 1, "must not be negative")]
        public void An_impossible_capacity_is_named(int min, int max, int @default, string problem) =>
            Assert.Contains(problem, SettingRanges.CapacityProblem(Setting(min, max, @default, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)).Profiles[0]));

        [Fact]
        public void Durations_just_outside_are_each_named()
        {
            var problems = SettingRanges.Problems(Setting(1, 2, 1, TimeSpan.FromSeconds(30), TimeSpan.FromHours(13), TimeSpan.FromDays(7.5)));
            Assert.Equal(3, problems.Count);
            Assert.Contains(problems, p => p.Contains("timeGrain PT30S"));
            Assert.Contains(problems, p => p.Contains("timeWindow PT13H"));
            Assert.Contains(problems, p => p.Contains("cooldown P7DT12H"));
        }
    }
}
