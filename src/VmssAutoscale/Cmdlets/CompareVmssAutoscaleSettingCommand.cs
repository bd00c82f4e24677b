using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using VmssAutoscale.Errors;
using VmssAutoscale.Model;
using VmssAutoscale.Recommend;
using VmssAutoscale.Reports;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Scores two settings over the same samples as Optimize-VmssAutoscaleSetting scores its
    /// candidates, one object per side, and optionally charts both replays in an HTML page.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "VmssAutoscaleSetting")]
    [OutputType(typeof(SettingComparison))]
    public sealed class CompareVmssAutoscaleSettingCommand : ReplayCmdletBase
    {
        /// <summary>The setting to compare against, typically the current one; a piped setting or -Path serves too.</summary>
        [Parameter]
        [SettingArgument]
        public AutoscaleSetting? ReferenceSetting { get; set; }

        /// <summary>The changed setting, e.g. a hand edit or a recommendation's Setting.</summary>
        [Parameter(Mandatory = true)]
        [SettingArgument]
        public AutoscaleSetting DifferenceSetting { get; set; } = null!;

        /// <summary>Write an HTML page charting both replays' capacity and per-instance load against -MaxLoad.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReportPath { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // The reference joins the settings the base collects, so -Path and the pipeline are checked against it alike.
            Setting = ReferenceSetting;
        }

        protected override void EndProcessing()
        {
            ResolveInputs();
            if (Settings.Count != 1)
            {
                Fail(ErrorIds.OneSettingOnly, ErrorCategory.InvalidArgument, Settings.Count, $"A comparison takes one reference setting, but {Settings.Count} were given (from -ReferenceSetting, -Path and the pipeline). Give one.");
            }

            var reference = Settings[0];
            var options = EffectiveOptions();
            var maxLoad = ResolveMaxLoad(reference);
            var warmup = ResolveWarmup();
            var both = new AutoscaleSetting
            {
                Name = reference.Name,
                TargetResourceUri = reference.TargetResourceUri,
                Profiles = reference.Profiles.Concat(DifferenceSetting.Profiles).ToList(),
            };
            if (!string.Equals(reference.TargetResourceUri ?? string.Empty, DifferenceSetting.TargetResourceUri ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            {
                WriteWarning($"The two settings target different resources ('{reference.TargetResourceName}' and '{DifferenceSetting.TargetResourceName}'); both are replayed over the same samples as if they targeted '{reference.TargetResourceName}'.");
            }

            var history = ReadHistory(both, LoadTrigger(reference), options);
            var plan = Plan(history, maxLoad, warmup, options);
            var order = new ScoreOrder(Budget(plan));
            var sides = new[] { ("Reference", reference), ("Difference", DifferenceSetting) };
            var timelines = new List<ReplayTimeline>();
            var replay = new CandidateReplay(plan);
            foreach (var (side, setting) in sides)
            {
                var result = new SettingComparison(order.ScoresOf(replay.Run(setting), plan))
                {
                    Side = side,
                    SettingName = setting.Name,
                    Setting = setting,
                };
                WriteObject(result);
                if (ReportPath != null)
                {
                    timelines.Add(Timeline(result, replay, plan));
                }
            }

            if (ReportPath != null)
            {
                var path = ResolveFilePath(ReportPath);
                try
                {
                    File.WriteAllText(path, ComparisonReport.Render(timelines[0], timelines[1], MyInvocation.MyCommand.Module?.Version?.ToString()), new UTF8Encoding(false));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Fail(ErrorIds.ReportWriteFailed, ErrorCategory.WriteError, path, $"Cannot write the report '{path}': {e.Message} Give a -ReportPath in a folder you can write to.", e);
                }

                WriteVerbose($"Wrote '{path}'.");
            }
        }

        private static ReplayTimeline Timeline(SettingComparison scores, CandidateReplay replay, ReplayPlan plan)
        {
            var capacity = new List<KeyValuePair<DateTime, double>>(plan.Minutes);
            var load = new List<KeyValuePair<DateTime, double>>(plan.Minutes);
            for (var k = 0; k < plan.Minutes; k++)
            {
                var t = plan.Start.AddMinutes(k);
                capacity.Add(new KeyValuePair<DateTime, double>(t, replay.CapacityAt(k)));
                var perInstance = replay.LoadPerInstanceAt(k);
                if (!double.IsNaN(perInstance))
                {
                    load.Add(new KeyValuePair<DateTime, double>(t, perInstance));
                }
            }

            return new ReplayTimeline { Scores = scores, Capacity = capacity, LoadPerInstance = load };
        }
    }
}
