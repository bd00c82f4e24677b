using System;
using System.Collections.Generic;
using VmssAutoscale.Model;

namespace VmssAutoscale.Recommend
{
    /// <summary>What one setting costs and suffers over the replayed period (one evaluation a minute).</summary>
    public readonly struct ReplayScore
    {
        public ReplayScore(int minutes, long instanceMinutes, int overloadMinutes, int scaleActions, int flaps, int minutesAtMaximum)
        {
            Minutes = minutes;
            InstanceMinutes = instanceMinutes;
            OverloadMinutes = overloadMinutes;
            ScaleActions = scaleActions;
            Flaps = flaps;
            MinutesAtMaximum = minutesAtMaximum;
        }

        /// <summary>Evaluations replayed, one a minute.</summary>
        public int Minutes { get; }

        /// <summary>The capacity after each evaluation, summed over the minutes: what is paid for.</summary>
        public long InstanceMinutes { get; }

        public double InstanceHours => InstanceMinutes / 60.0;

        /// <summary>Minutes whose load per serving instance was above MaxLoad.</summary>
        public int OverloadMinutes { get; }

        public int ScaleActions { get; }

        /// <summary>Scale actions reversed by the next action within <see cref="ScoreOrder.FlapWindow"/>.</summary>
        public int Flaps { get; }

        public int MinutesAtMaximum { get; }
    }

    /// <summary>
    /// The objective, in one place: the cheapest setting (instance-hours) whose overload minutes stay
    /// within the budget; ties go to fewer scale actions, then fewer flaps; when no setting meets the
    /// budget, the least overload wins (then the same order). Settings scoring alike keep their order
    /// (the current setting first), so a change is proposed only when it scores strictly better.
    /// </summary>
    public sealed class ScoreOrder : IComparer<ReplayScore>
    {
        /// <summary>An action reversed within this time counts as a flap.</summary>
        public static readonly TimeSpan FlapWindow = TimeSpan.FromMinutes(30);

        public ScoreOrder(double overloadBudget)
        {
            OverloadBudget = overloadBudget;
        }

        /// <summary>Overload minutes a setting may have and still count as meeting the budget.</summary>
        public double OverloadBudget { get; }

        public bool Meets(ReplayScore s) => s.OverloadMinutes <= OverloadBudget;

        /// <summary>
        /// The scores Optimize and Compare write for one setting replayed over <paramref name="plan"/>:
        /// built here once, so both cmdlets' output types carry the same record.
        /// </summary>
        public SettingScores ScoresOf(ReplayScore score, ReplayPlan plan) => new SettingScores
        {
            InstanceHours = score.InstanceHours,
            OverloadMinutes = score.OverloadMinutes,
            MeetsBudget = Meets(score),
            ScaleActions = score.ScaleActions,
            Flaps = score.Flaps,
            MinutesAtMaximum = score.MinutesAtMaximum,
            Period = plan.Period,
            Start = plan.Start,
            End = plan.End,
            Minutes = plan.Minutes,
            InitialCapacity = plan.InitialCapacity,
            MaxLoad = plan.MaxLoad,
            OverloadBudget = OverloadBudget,
            InstanceWarmupSpan = plan.InstanceWarmup,
            InstanceWarmupSource = plan.InstanceWarmupSource,
        };

        public int Compare(ReplayScore a, ReplayScore b)
        {
            var ma = Meets(a);
            var mb = Meets(b);
            if (ma != mb)
            {
                return ma ? -1 : 1;
            }

            if (!ma)
            {
                var o = a.OverloadMinutes.CompareTo(b.OverloadMinutes);
                if (o != 0)
                {
                    return o;
                }
            }

            var c = a.InstanceMinutes.CompareTo(b.InstanceMinutes);
            if (c != 0)
            {
                return c;
            }

            c = a.ScaleActions.CompareTo(b.ScaleActions);
            return c != 0 ? c : a.Flaps.CompareTo(b.Flaps);
        }
    }
}
