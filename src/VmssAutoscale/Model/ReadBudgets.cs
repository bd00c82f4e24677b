using System;
using System.Globalization;
using System.Management.Automation;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// How much one paged list (ARM nextLink, Resource Graph $skipToken) and one snapshot file may
    /// cost before the read stops with one error. A server that hands out new links forever once grew
    /// a list to 3 GB in under a minute; these bounds keep every list, whatever the server does, to a
    /// known size. The defaults are far above any real scale set (1,000 VMs at most, a few thousand
    /// activity-log events a day); each is set for a whole process by an environment variable, as the
    /// command deadline is (VMSSAUTOSCALE_COMMAND_TIMEOUT_SEC).
    /// </summary>
    public sealed class ReadBudgets
    {
        public const string MaxItemsVariable = "VMSSAUTOSCALE_LIST_MAX_ITEMS";

        public const string MaxMegabytesVariable = "VMSSAUTOSCALE_LIST_MAX_MB";

        public const string SnapshotMaxMegabytesVariable = "VMSSAUTOSCALE_SNAPSHOT_MAX_MB";

        /// <summary>Pages of one list: more is a service bug, not a big subscription.</summary>
        public const int MaxPages = 5000;

        public const int DefaultMaxItems = 100_000;

        public const int DefaultMaxMegabytes = 128;

        /// <summary>A bundle of 2 million samples is about 400 MB; four times that is not a bundle the module wrote.</summary>
        public const int DefaultSnapshotMaxMegabytes = 2048;

        /// <summary>The largest value an override takes (1 TB in MB, or a billion items): far beyond memory, never an overflow.</summary>
        private const long Ceiling = 1_000_000_000;

        public ReadBudgets(long maxItems, long maxBytes, long snapshotMaxBytes)
        {
            MaxItems = maxItems;
            MaxBytes = maxBytes;
            SnapshotMaxBytes = snapshotMaxBytes;
        }

        public long MaxItems { get; }

        /// <summary>The bytes of all pages of one list together, as the service sent them.</summary>
        public long MaxBytes { get; }

        public long SnapshotMaxBytes { get; }

        /// <summary>The budgets the environment asks for, or the defaults; a value that is not a positive whole number is an InvalidOption error.</summary>
        public static ReadBudgets FromEnvironment() => From(Environment.GetEnvironmentVariable);

        public static ReadBudgets From(Func<string, string?> variable) => new ReadBudgets(
            Resolve(MaxItemsVariable, variable(MaxItemsVariable), DefaultMaxItems, "items"),
            Resolve(MaxMegabytesVariable, variable(MaxMegabytesVariable), DefaultMaxMegabytes, "megabytes") * 1024 * 1024,
            Resolve(SnapshotMaxMegabytesVariable, variable(SnapshotMaxMegabytesVariable), DefaultSnapshotMaxMegabytes, "megabytes") * 1024 * 1024);

        /// <summary>Counts one list against these budgets; <paramref name="what"/> names the list in the error.</summary>
        public ListMeter Meter(string what) => new ListMeter(this, what);

        private static long Resolve(string name, string? value, long fallback, string unit)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return fallback;
            }

            if (!long.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                throw new ModuleException(ErrorIds.InvalidOption, ErrorCategory.InvalidArgument,
                    $"The environment variable {name} is '{TerminalText.Clean(value!)}': give a positive whole number of {unit} (e.g. {fallback}), or remove the variable for the default of {fallback}.",
                    name);
            }

            return Math.Min(number, Ceiling);
        }
    }

    /// <summary>
    /// One paged list against its budgets: call <see cref="Page"/> before reading a page,
    /// <see cref="Read"/> with each page's size, <see cref="Item"/> before keeping an item. Past a
    /// budget it throws one <see cref="ErrorIds.ListTooLong"/> error naming the list and the budget.
    /// </summary>
    public sealed class ListMeter
    {
        private readonly ReadBudgets budgets;
        private readonly string what;

        internal ListMeter(ReadBudgets budgets, string what)
        {
            this.budgets = budgets;
            this.what = what;
        }

        public int Pages { get; private set; }

        public long Items { get; private set; }

        public long Bytes { get; private set; }

        public void Page()
        {
            if (Pages >= ReadBudgets.MaxPages)
            {
                throw TooLong($"{ReadBudgets.MaxPages} pages", null);
            }
        }

        public void Read(int characters)
        {
            Pages++;
            Bytes += characters;
            if (Bytes > budgets.MaxBytes)
            {
                throw TooLong($"{budgets.MaxBytes / (1024 * 1024)} MB", ReadBudgets.MaxMegabytesVariable);
            }
        }

        public void Item()
        {
            if (Items >= budgets.MaxItems)
            {
                throw TooLong($"{budgets.MaxItems} items", ReadBudgets.MaxItemsVariable);
            }

            Items++;
        }

        private ModuleException TooLong(string budget, string? variable) =>
            new ModuleException(ErrorIds.ListTooLong, ErrorCategory.LimitsExceeded,
                $"Stopped reading {what}: the list hit its budget of {budget} after {Pages} page(s), {Items} item(s) and {Bytes / (1024 * 1024.0):0.#} MB; the service kept sending more than any real list holds. "
                + (variable == null ? "Narrow the request (one resource group or scale set, a shorter period)." : $"Narrow the request (one resource group or scale set, a shorter period), or raise the budget with the environment variable {variable}."),
                what);
    }
}
