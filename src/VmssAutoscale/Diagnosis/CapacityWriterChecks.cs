using System.Globalization;
using System.Linq;
using VmssAutoscale.Model;
using VmssAutoscale.Platform;
using static VmssAutoscale.Diagnosis.DiagnosisContext;

namespace VmssAutoscale.Diagnosis
{
    /// <summary>
    /// Who else writes the capacity (issue 21): a deployment pipeline or Terraform run that names
    /// sku.capacity puts the capacity back every time it runs, undoing what autoscale added (the sawtooth).
    /// </summary>
    public static class CapacityWriterChecks
    {
        public const string Check = "CapacityWriters";

        public static Finding CapacityWriters(DiagnosisContext c)
        {
            var writers = CapacityWriterAnalysis.Analyze(c.Input.Events);
            var period = c.Input.Options.EventPeriod;
            var hours = period.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
            var evidence = writers.Select(w => $"{w.Caller}: {w.Writes} capacity write{(w.Writes == 1 ? string.Empty : "s")} to {string.Join(", ", w.Capacities)} between {Time(w.FirstTime)} and {Time(w.LastTime)}; {w.Resets} reset{(w.Resets == 1 ? string.Empty : "s")} autoscale's capacity.").ToList();
            if (writers.FirstOrDefault(w => w.Sawtooth) is CapacityWriter saw)
            {
                return c.Make(Check, GuideSteps.Events, FindingStatus.Fail, DiagnosisSeverity.High,
                    $"'{saw.Caller}' set the capacity {saw.Writes} times in the last {hours} (to {string.Join(", ", saw.Capacities)}), {saw.Resets} of them resetting what autoscale had added: a deployment that names sku.capacity undoes autoscale every time it runs.",
                    evidence,
                    "Leave sku.capacity out of the template the pipeline deploys (Terraform: lifecycle { ignore_changes = [instances] }).");
            }

            if (writers.Count > 0)
            {
                return c.Make(Check, GuideSteps.Events, FindingStatus.Pass, DiagnosisSeverity.Info,
                    $"{writers.Count} caller{(writers.Count == 1 ? string.Empty : "s")} other than autoscale wrote the capacity in the last {hours}, none again and again after autoscale.", evidence);
            }

            return c.Make(Check, GuideSteps.Events, FindingStatus.Pass, DiagnosisSeverity.Info,
                $"No caller other than autoscale wrote the capacity in the last {hours}.", evidence);
        }
    }
}
