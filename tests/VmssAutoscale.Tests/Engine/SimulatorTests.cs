using System;
using System.Collections.Generic;
using System.Linq;
using VmssAutoscale.Engine;
using VmssAutoscale.Model;
using static VmssAutoscale.Tests.Engine.Kit;
using Op = VmssAutoscale.Model.ComparisonOperator;

namespace VmssAutoscale.Tests.Engine
{
    [Collection(SimulatorCollection.Name)]
    public class SimulatorTests
    {
        private const string Cpu = "Percentage CPU";

        private static IEnumerable<SampleRecord> Load(int minutes, int instances, Func<int, double> value)
        {
            for (var m = 0; m < minutes; m++)
            {
                for (var i = 0; i < instances; i++)
                {
                    yield return new SampleRecord(Cpu, "vm_" + i, T0.AddMinutes(m).Ticks, value(m));
                }
            }
        }

        [Fact]
        public void Hot_load_scales_out_once_per_cooldown()
        {
            var setting = Setting(2, 10, 2, Out(Cpu, Op.GreaterThan, 60, cooldownMinutes: 5), In(Cpu, Op.LessThan, 20));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 2 });
            var steps = sim.Run(Load(30, 2, _ => 90)).ToList();
            var outs = steps.Where(s => s.Decision == ScaleDecision.ScaleOut).Select(s => s.Time).ToList();
            Assert.Equal(T0.AddMinutes(5), steps[0].Time); // the first run has a full window
            Assert.Equal(T0.AddMinutes(5), outs[0]);
            Assert.All(outs.Zip(outs.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromMinutes(5), gap));
            var summary = sim.Summary();
            Assert.Equal(outs.Count, summary.ScaleOuts);
            Assert.Equal(T0.AddMinutes(5), summary.FirstScaleOut);
            Assert.Equal(60, summary.SamplesRead);
            Assert.True(summary.CooldownBlocks > 0);
        }

        [Fact]
        public void Redistributed_load_settles_where_no_rule_fires()
        {
            // 2 instances at 90% is 180 points of load: at 3 instances 60 (not > 60), so it settles at 3.
            var setting = Setting(1, 10, 2, Out(Cpu, Op.GreaterThan, 60, cooldownMinutes: 5), In(Cpu, Op.LessThan, 20, cooldownMinutes: 5));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 2, LoadModel = LoadModel.RedistributeTotal });
            var steps = sim.Run(Load(60, 2, _ => 90)).ToList();
            Assert.Equal(3, steps.Last().NewCapacity);
            Assert.Equal(1, sim.Summary().ScaleOuts);
        }

        [Fact]
        public void Flapping_deferrals_are_counted()
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThanOrEqual, 80), In(Cpu, Op.LessThanOrEqual, 60));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 3 });
            sim.Run(Load(20, 3, _ => 60)).ToList();
            var s = sim.Summary();
            Assert.Equal(0, s.ScaleIns);
            Assert.Equal(s.Evaluations, s.DeferredScaleIns);
        }

        [Fact]
        public void Unsorted_stream_is_an_error_naming_the_line()
        {
            var setting = Setting(1, 5, 1, Out(Cpu, Op.GreaterThan, 80));
            var samples = new[] { new SampleRecord(Cpu, "a", T0.AddMinutes(6).Ticks, 1, 2), new SampleRecord(Cpu, "a", T0.Ticks, 1, 3) };
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { Start = T0.AddMinutes(7) });
            var ex = Assert.Throws<SampleOrderException>(() => sim.Run(samples).ToList());
            Assert.Contains("line 3", ex.Message);
        }

        [Fact]
        public void Memory_stays_bounded_by_the_window()
        {
            // A week of minutes for 20 instances: the store must not keep the history.
            var setting = Setting(1, 50, 1, Out(Cpu, Op.GreaterThan, 80), In(Cpu, Op.LessThan, 10));
            var sim = new AutoscaleSimulator(setting, null, new SimulationOptions { InitialCapacity = 20, KeepDetail = false });
            GC.Collect();
            var before = GC.GetTotalMemory(true);
            var n = 0;
            foreach (var _ in sim.Run(Load(7 * 24 * 60, 20, m => 50)))
            {
                n++;
            }

            var after = GC.GetTotalMemory(true);
            Assert.True(n > 10000);
            Assert.True(after - before < 8 * 1024 * 1024, $"retained {after - before} bytes");
        }
    }
}
