using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Engine;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using Xunit;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    /// <summary>
    /// Issue 12, item 9: a capacity the service refuses (minimum above maximum, default outside the
    /// range, a negative count) is refused at the engine's entry, whoever calls it; before, the engine
    /// clamped to such a range and returned a decision the real service could never have made.
    /// </summary>
    public class SettingGuardTests
    {
        private const string Cpu = "Percentage CPU";

        [Theory]
        [InlineData(5, 3, 4, "minimum 5 is greater than maximum 3")]
        [InlineData(2, 6, 9, "default 9 is outside minimum 2 to maximum 6")]
        [InlineData(2, 6, 1, "default 1 is outside minimum 2 to maximum 6")]
        [InlineData(-1, 6, 2, "must not be negative")]
        public void The_engine_refuses_a_capacity_the_service_rejects(int min, int max, int def, string said)
        {
            var setting = Setting(min, max, def, Out(Cpu, Op.GreaterThan, 60), In(Cpu, Op.LessThan, 30));
            var e = Assert.Throws<ModuleException>(() => Decide(setting, 3, Values((Cpu, 90))));
            Assert.Equal(ErrorIds.SettingRejectedByService, e.ErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.Category);
            Assert.Equal("test", e.Target);
            Assert.Contains(said, e.Message);
            Assert.Contains("The service rejects such a setting", e.Message);
        }

        [Fact]
        public void A_setting_at_the_edges_of_its_range_is_evaluated()
        {
            var d = Decide(Setting(3, 3, 3, Out(Cpu, Op.GreaterThan, 60)), 3, Values((Cpu, 90)));
            Assert.Equal(DecisionOutcome.AtMaximum, d.Outcome);
            Assert.Null(SettingGuard.Problem(Setting(0, 0, 0)));
        }

        [Fact]
        public void The_simulator_meets_the_same_refusal_before_any_step()
        {
            var setting = Setting(6, 2, 3, Out(Cpu, Op.GreaterThan, 60));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 3 });
            var samples = Enumerable.Range(0, 20).Select(m => new SampleRecord(Cpu, "vm_0", T0.AddMinutes(m).Ticks, 90));
            var e = Assert.Throws<ModuleException>(() => sim.Run(samples).ToList());
            Assert.Equal(ErrorIds.SettingRejectedByService, e.ErrorId);
        }

        [Fact]
        public void The_problem_names_the_first_profile_that_breaks_the_range()
        {
            var good = new AutoscaleProfile { Name = "weekday", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 4, Default = 2 } };
            var bad = new AutoscaleProfile { Name = "weekend", Capacity = new ScaleCapacity { Minimum = 4, Maximum = 1, Default = 2 } };
            var setting = new AutoscaleSetting { Name = "s", Profiles = new[] { good, bad } };
            Assert.Equal("profile 'weekend': capacity minimum 4 is greater than maximum 1", SettingGuard.Problem(setting));
        }
    }
}
