using System;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;

namespace VmssAutoscale.Tests.Engine
{
    public class ProfileSelectorTests
    {
        private static AutoscaleProfile Recurring(string name, string tz, int hour, int minute = 0, string? autoFor = null, params DayOfWeek[] days) =>
            new AutoscaleProfile
            {
                Name = name,
                AutoCreatedFor = autoFor,
                Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 1 },
                Recurrence = new ProfileRecurrence { TimeZone = tz, Days = days, Hours = new[] { hour }, Minutes = new[] { minute } },
            };

        private static readonly DayOfWeek[] Weekdays = { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

        // The portal pattern: weekdays 08:00-18:00 Pacific, with an auto-created default starting at 18:00.
        private static AutoscaleProfile[] Business() => new[]
        {
            Recurring("Business hours", "Pacific Standard Time", 8, 0, null, Weekdays),
            Recurring("{\"name\":\"Auto created default scale condition\",\"for\":\"Business hours\"}", "Pacific Standard Time", 18, 0, "Business hours", Weekdays),
        };

        [Theory]
        [InlineData("2024-03-08T16:30", "Business hours")]       // Friday 08:30 PST (UTC-8)
        [InlineData("2024-03-08T15:30", "Auto")]                 // Friday 07:30 PST: Thursday 18:00's default still runs
        [InlineData("2024-03-11T15:30", "Business hours")]       // Monday 08:30 PDT (UTC-7), the day after the spring change
        [InlineData("2024-03-11T14:59", "Auto")]                 // Monday 07:59 PDT
        [InlineData("2024-03-10T12:00", "Auto")]                 // Sunday: Friday 18:00's default is still active
        [InlineData("2024-11-04T16:00", "Business hours")]       // Monday 08:00 PST, after the autumn change
        [InlineData("2024-11-04T15:59", "Auto")]
        public void Recurrence_in_pacific_time_across_daylight_saving(string utc, string expectedPrefix)
        {
            var selection = ProfileSelector.Select(Business(), Utc(utc));
            Assert.NotNull(selection.Profile);
            Assert.StartsWith(expectedPrefix == "Auto" ? "{" : expectedPrefix, selection.Profile!.Name);
        }

        [Fact]
        public void Recurring_profile_stays_active_until_the_next_profile_starts_even_with_a_default()
        {
            var profiles = new[]
            {
                new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 2, Default = 1 } },
                Recurring("Weekend", "UTC", 8, 0, null, DayOfWeek.Saturday),
            };
            // Wednesday: Saturday 08:00 was the last start, so Weekend is still active.
            var s = ProfileSelector.Select(profiles, Utc("2024-05-01T12:00"));
            Assert.Equal("Weekend", s.Profile!.Name);
            Assert.Contains("does not take over", s.Reason);
        }

        [Fact]
        public void Without_recurrences_the_default_profile_applies()
        {
            var s = ProfileSelector.Select(Setting(1, 3, 1).Profiles, T0);
            Assert.Equal("default", s.Profile!.Name);
            Assert.Null(s.ActiveSinceUtc);
        }

        [Fact]
        public void Start_inside_the_spring_forward_gap_happens_when_the_clocks_pass_it()
        {
            // 2024-03-10 02:30 does not exist in Pacific time; it occurs at 10:30Z (03:30 PDT).
            var r = new ProfileRecurrence { TimeZone = "Pacific Standard Time", Days = new[] { DayOfWeek.Sunday }, Hours = new[] { 2 }, Minutes = new[] { 30 } };
            Assert.Equal(Utc("2024-03-10T10:30"), ProfileSelector.LatestOccurrence(r, Utc("2024-03-10T10:30")));
            Assert.Equal(Utc("2024-03-03T10:30"), ProfileSelector.LatestOccurrence(r, Utc("2024-03-10T10:29")));
        }

        [Theory]
        [InlineData(AmbiguousLocalTime.Earlier, "2024-11-03T08:30")] // 01:30 PDT
        [InlineData(AmbiguousLocalTime.Later, "2024-11-03T09:30")]   // 01:30 PST
        public void Start_in_the_repeated_hour_follows_the_option(AmbiguousLocalTime choice, string expected)
        {
            var r = new ProfileRecurrence { TimeZone = "Pacific Standard Time", Days = new[] { DayOfWeek.Sunday }, Hours = new[] { 1 }, Minutes = new[] { 30 } };
            Assert.Equal(Utc(expected), ProfileSelector.LatestOccurrence(r, Utc("2024-11-03T12:00"), choice));
        }

        [Fact]
        public void European_windows_zone_id_works_on_any_os()
        {
            var r = new ProfileRecurrence { TimeZone = "W. Europe Standard Time", Days = new[] { DayOfWeek.Monday }, Hours = new[] { 9 } };
            Assert.Equal(Utc("2024-07-01T07:00"), ProfileSelector.LatestOccurrence(r, Utc("2024-07-01T08:00"))); // CEST = UTC+2
            Assert.Equal(Utc("2024-01-08T08:00"), ProfileSelector.LatestOccurrence(r, Utc("2024-01-08T09:00"))); // CET = UTC+1
        }

        [Fact]
        public void Unknown_time_zone_is_a_clear_error()
        {
            var ex = Assert.Throws<TimeZoneNotFoundException>(() => ProfileSelector.ResolveTimeZone("Mars Standard Time"));
            Assert.Contains("Windows IDs", ex.Message);
        }

        [Theory]
        [InlineData("2024-12-24T23:59", true, "Holiday")]
        [InlineData("2024-12-25T00:00", true, "Holiday")]   // end is inclusive by default
        [InlineData("2024-12-25T00:00", false, "Business hours")]
        [InlineData("2024-12-25T00:01", true, "Business hours")]
        public void Fixed_date_is_checked_first_and_its_end_inclusivity_is_an_option(string utc, bool inclusive, string expected)
        {
            var holiday = new AutoscaleProfile
            {
                Name = "Holiday",
                FixedDate = new FixedDateWindow { TimeZone = "UTC", Start = new DateTime(2024, 12, 24), End = new DateTime(2024, 12, 25) },
            };
            var profiles = new[] { Business()[0], holiday };
            var s = ProfileSelector.Select(profiles, Utc(utc), new EngineOptions { FixedDateEndInclusive = inclusive });
            Assert.Equal(expected, s.Profile!.Name);
        }

        [Fact]
        public void Tie_between_recurrences_goes_to_the_first_in_the_setting()
        {
            var profiles = new[] { Recurring("A", "UTC", 8), Recurring("B", "UTC", 8) };
            Assert.Equal("A", ProfileSelector.Select(profiles, Utc("2024-05-01T09:00")).Profile!.Name);
        }

        [Fact]
        public void Profile_switch_enforces_the_new_minimum_at_once()
        {
            var setting = new AutoscaleSetting
            {
                Name = "s",
                Profiles = new[]
                {
                    new AutoscaleProfile
                    {
                        Name = "Monday",
                        Capacity = new ScaleCapacity { Minimum = 3, Maximum = 10, Default = 3 },
                        Recurrence = new ProfileRecurrence { TimeZone = "UTC", Days = new[] { DayOfWeek.Monday }, Hours = new[] { 0 } },
                        Rules = new[] { Out("Percentage CPU", ComparisonOperator.GreaterThan, 70) },
                    },
                },
            };
            var d = Decide(setting, 2, Values(("Percentage CPU", 10)), Utc("2024-05-06T09:00"), Utc("2024-05-06T08:59"));
            Assert.Equal(DecisionOutcome.BelowMinimum, d.Outcome);
            Assert.Equal(3, d.NewCapacity);
        }
    }
}
