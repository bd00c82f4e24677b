using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>One scored setting of a search: the values it took, the setting they make, its score and what changed.</summary>
    public sealed class ScoredCandidate
    {
        public ScoredCandidate(double[] values, AutoscaleSetting setting, ReplayScore score, IReadOnlyList<string> changes, int order)
        {
            Values = values;
            Setting = setting;
            Score = score;
            Changes = changes;
            Order = order;
        }

        public double[] Values { get; }

        public AutoscaleSetting Setting { get; }

        public ReplayScore Score { get; }

        public IReadOnlyList<string> Changes { get; }

        /// <summary>When it was generated; the current setting is 0, so on a full tie it stays ahead.</summary>
        public int Order { get; }

        public bool IsCurrent => Changes.Count == 0;
    }

    /// <summary>What a search found: the current setting scored, the best candidates in order, and how many it replayed.</summary>
    public sealed class OptimizeResult
    {
        public OptimizeResult(ScoredCandidate current, IReadOnlyList<ScoredCandidate> best, int evaluated)
        {
            Current = current;
            Best = best;
            CandidatesEvaluated = evaluated;
        }

        public ScoredCandidate Current { get; }

        public IReadOnlyList<ScoredCandidate> Best { get; }

        public int CandidatesEvaluated { get; }
    }

    /// <summary>
    /// Scores settings over one <see cref="ReplayPlan"/> and searches for the best by
    /// <see cref="ScoreOrder"/>. The search: first every pair of the load metric's scale-out and
    /// scale-in thresholds with each scale-out step (they decide together whether a setting flaps),
    /// then from the three best, each field in turn over all its values while the others stay
    /// (two rounds). Only settings the service accepts and that cannot flap at any capacity are
    /// replayed (<see cref="SettingKnobs.IsValidAndSteady"/>). Candidates replay in parallel, one
    /// <see cref="CandidateReplay"/> per worker.
    /// </summary>
    public sealed class SettingOptimizer
    {
        private const int Seeds = 3;
        private const int Rounds = 2;
        private readonly ReplayPlan plan;
        private readonly ScoreOrder order;
        private readonly CancellationToken cancel;

        public SettingOptimizer(ReplayPlan plan, ScoreOrder order, CancellationToken cancel = default)
        {
            this.plan = plan;
            this.order = order;
            this.cancel = cancel;
        }

        /// <summary>Called after each batch with the candidates replayed so far.</summary>
        public Action<int>? Progress { get; set; }

        public ReplayScore Score(AutoscaleSetting setting) => new CandidateReplay(plan).Run(setting);

        /// <summary>Scores many settings, in parallel across the processors; the scores come back in the same order.</summary>
        public ReplayScore[] ScoreAll(IReadOnlyList<AutoscaleSetting> settings)
        {
            var scores = new ReplayScore[settings.Count];
            Parallel.ForEach(
                Enumerable.Range(0, settings.Count),
                new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => new CandidateReplay(plan),
                (i, _, replay) =>
                {
                    scores[i] = replay.Run(settings[i]);
                    return replay;
                },
                _ => { });
            return scores;
        }

        public OptimizeResult Optimize(AutoscaleSetting current, double maxLoad, bool allowCapacityChange, int top)
        {
            var knobs = new SettingKnobs(current, maxLoad, plan.History.LoadTrigger.MetricName, allowCapacityChange);
            var pool = new Dictionary<string, ScoredCandidate>(StringComparer.Ordinal);
            var evaluated = 0;

            void Evaluate(IEnumerable<double[]> proposals)
            {
                var fresh = new List<(double[] Values, AutoscaleSetting Setting)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var values in proposals)
                {
                    var key = string.Join(",", values);
                    if (pool.ContainsKey(key) || !seen.Add(key))
                    {
                        continue;
                    }

                    var setting = knobs.Build(values);
                    if (pool.Count == 0 || SettingKnobs.IsValidAndSteady(setting, plan.EngineOptions))
                    {
                        fresh.Add((values, setting));
                    }
                }

                var scores = ScoreAll(fresh.Select(f => f.Setting).ToList());
                for (var i = 0; i < fresh.Count; i++)
                {
                    var key = string.Join(",", fresh[i].Values);
                    pool[key] = new ScoredCandidate(fresh[i].Values, fresh[i].Setting, scores[i], knobs.Changes(fresh[i].Values), pool.Count);
                }

                evaluated += fresh.Count;
                Progress?.Invoke(evaluated);
            }

            // The current setting first: scored the same way, and first on a full tie.
            var now = knobs.Current();
            Evaluate(new[] { now });
            var currentScored = pool.Values.Single();
            var currentSteady = SettingKnobs.IsValidAndSteady(current, plan.EngineOptions);

            Evaluate(ThresholdGrid(knobs, now));
            var seeds = Ranked(pool.Values, currentSteady).Take(Seeds).ToList();
            foreach (var seed in seeds)
            {
                var best = seed.Values;
                for (var round = 0; round < Rounds; round++)
                {
                    for (var k = 0; k < knobs.Knobs.Count; k++)
                    {
                        var at = best;
                        var index = k;
                        Evaluate(knobs.Knobs[k].Values.Select(v => With(at, index, v)));
                        best = Ranked(pool.Values.Where(c => Differs(c.Values, at, index)), currentSteady).Select(c => c.Values).DefaultIfEmpty(best).First();
                    }
                }
            }

            var ranked = Ranked(pool.Values, currentSteady).Take(top).ToList();
            return new OptimizeResult(currentScored, ranked, evaluated);
        }

        /// <summary>By the objective, then fewer changes, then generation order; the current setting only when the service-safe checks pass.</summary>
        private IEnumerable<ScoredCandidate> Ranked(IEnumerable<ScoredCandidate> candidates, bool currentSteady) =>
            candidates.Where(c => !c.IsCurrent || currentSteady)
                .OrderBy(c => c.Score, order)
                .ThenBy(c => c.Changes.Count)
                .ThenBy(c => c.Order);

        /// <summary>Every pair of the load metric's scale-out and scale-in thresholds, with every scale-out step.</summary>
        private static IEnumerable<double[]> ThresholdGrid(SettingKnobs knobs, double[] at)
        {
            var list = knobs.Knobs;
            var outThreshold = Find(list, KnobField.Threshold, ScaleDirection.Increase, knobs);
            var inThreshold = Find(list, KnobField.Threshold, ScaleDirection.Decrease, knobs);
            var outStep = Find(list, KnobField.Step, ScaleDirection.Increase, knobs);
            if (outThreshold < 0)
            {
                yield break;
            }

            foreach (var o in list[outThreshold].Values)
            {
                foreach (var i in inThreshold >= 0 ? list[inThreshold].Values : new[] { double.NaN })
                {
                    foreach (var s in outStep >= 0 ? list[outStep].Values : new[] { double.NaN })
                    {
                        var v = (double[])at.Clone();
                        v[outThreshold] = o;
                        if (inThreshold >= 0)
                        {
                            v[inThreshold] = i;
                        }

                        if (outStep >= 0)
                        {
                            v[outStep] = s;
                        }

                        yield return v;
                    }
                }
            }
        }

        private static int Find(IReadOnlyList<Knob> list, KnobField field, ScaleDirection direction, SettingKnobs knobs)
        {
            for (var k = 0; k < list.Count; k++)
            {
                if (list[k].Field == field && list[k].Rule >= 0 && knobs.RuleDirection(list[k].Rule) == direction && knobs.OnLoad(list[k].Rule))
                {
                    return k;
                }
            }

            return -1;
        }

        private static double[] With(double[] values, int index, double v)
        {
            var copy = (double[])values.Clone();
            copy[index] = v;
            return copy;
        }

        /// <summary>True when <paramref name="a"/> equals <paramref name="b"/> except perhaps at <paramref name="index"/>: the settings one field's sweep made.</summary>
        private static bool Differs(double[] a, double[] b, int index)
        {
            for (var i = 0; i < a.Length; i++)
            {
                if (i != index && a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
