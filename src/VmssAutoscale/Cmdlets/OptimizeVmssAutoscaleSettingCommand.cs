using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Replays candidate settings over the samples under the RedistributeTotal load model and
    /// recommends the cheapest one whose overload stays within the budget (see <see cref="ScoreOrder"/>).
    /// </summary>
    [Cmdlet(VerbsCommon.Optimize, "VmssAutoscaleSetting")]
    [OutputType(typeof(AutoscaleRecommendation), typeof(string))]
    public sealed class OptimizeVmssAutoscaleSettingCommand : ReplayCmdletBase
    {
        /// <summary>How many recommendations to write after the current setting (Rank 0).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Top { get; set; } = 5;

        /// <summary>Also try a lower minimum and a higher maximum instance count.</summary>
        [Parameter]
        public SwitchParameter AllowCapacityChange { get; set; }

        /// <summary>Write the ARM body of the best setting (Rank 1) instead of the ranking.</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void EndProcessing()
        {
            ResolveInputs();
            if (Settings.Count != 1)
            {
                Fail(ErrorIds.OneSettingOnly, ErrorCategory.InvalidArgument, Settings.Count, $"A search optimizes one autoscale setting, but {Settings.Count} were given. Pick one, e.g. with Where-Object Name -eq '<name>'.");
            }

            var setting = Settings[0];
            if (setting.Profiles.Count != 1 || setting.Profiles[0].Rules.Count == 0)
            {
                Fail(ErrorIds.NothingToOptimize, ErrorCategory.InvalidArgument, setting.Name,
                    setting.Profiles.Count != 1
                        ? $"The setting '{setting.Name}' has {setting.Profiles.Count} profiles; the search varies the rules of a setting with one profile. Optimize each schedule's rules as a one-profile setting, or compare hand-written changes with Compare-VmssAutoscaleSetting, which replays any setting."
                        : $"The setting '{setting.Name}' has no rules: there is no threshold, window, cooldown or step to optimize. Add a scale-out and a scale-in rule first.");
            }

            var options = EffectiveOptions();
            var maxLoad = ResolveMaxLoad(setting);
            var warmup = ResolveWarmup();
            var history = ReadHistory(setting, LoadTrigger(setting), options);
            var plan = Plan(history, maxLoad, warmup, options);
            var order = new ScoreOrder(Budget(plan));

            var progress = new ProgressRecord(2, "Optimizing autoscale setting", "Replaying candidates");
            var optimizer = new SettingOptimizer(plan, order, CancellationToken)
            {
                // Workers call back only between batches, on this thread: Optimize runs the batches here.
                Progress = n =>
                {
                    progress.StatusDescription = $"{n} candidate settings replayed";
                    WriteProgress(progress);
                },
            };
            if (!SettingKnobs.IsValidAndSteady(setting, options))
            {
                WriteWarning($"The setting '{setting.Name}' is scored as Rank 0 but not proposed: the service would refuse it, or the engine would defer a scale-in at a rule's threshold at some capacity (the flapping projection; see Test-VmssAutoscaleTemplate).");
            }

            OptimizeResult result;
            try
            {
                result = optimizer.Optimize(setting, maxLoad, AllowCapacityChange.IsPresent, Top);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            WriteVerbose($"Replayed {result.CandidatesEvaluated} candidates over {plan.Minutes} minutes.");

            var ranked = new List<AutoscaleRecommendation> { Recommendation(0, result.Current, result, plan, order, new[] { "current setting" }) };
            for (var i = 0; i < result.Best.Count; i++)
            {
                var c = result.Best[i];
                var changes = c.IsCurrent
                    ? new[] { $"none: the current setting is already the best of {result.CandidatesEvaluated} candidates" }
                    : c.Changes;
                ranked.Add(Recommendation(i + 1, c, result, plan, order, changes));
            }

            if (AsJson.IsPresent)
            {
                WriteObject(ranked[ranked.Count > 1 ? 1 : 0].ToJson());
                return;
            }

            foreach (var r in ranked)
            {
                WriteObject(r);
            }
        }

        private static AutoscaleRecommendation Recommendation(int rank, ScoredCandidate c, OptimizeResult result, ReplayPlan plan, ScoreOrder order, IReadOnlyList<string> changes) => new AutoscaleRecommendation(order.ScoresOf(c.Score, plan))
        {
            Rank = rank,
            Setting = c.Setting,
            Changes = changes,
            IsCurrent = c.IsCurrent,
            CandidatesEvaluated = result.CandidatesEvaluated,
        };
    }
}
