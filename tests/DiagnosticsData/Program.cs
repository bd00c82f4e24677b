using System;
using System.Globalization;
using System.Linq;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;

namespace VmssAutoscale.TestData
{
    /// <summary>
    /// Command line for the Pester tests:
    ///   seed &lt;connection string&gt;                 writes every scenario of Scenarios.cs, prints the row count
    ///   sas &lt;account name&gt; &lt;account key&gt;       prints a read/list account SAS valid for an hour
    ///   live &lt;connection string&gt; &lt;metrics resource id&gt; &lt;end, ISO 8601 UTC&gt; &lt;minutes&gt; &lt;ahead&gt; &lt;flat|varying&gt; &lt;host=level&gt;...
    ///                                            writes Scenarios.LiveWadMetrics (instance ids 0, 1, ... in order), prints the row count
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "seed")
            {
                var written = Scenarios.SeedAll(new TableServiceClient(args[1]));
                Console.WriteLine(written.ToString(CultureInfo.InvariantCulture));
                return 0;
            }

            if (args.Length == 3 && args[0] == "sas")
            {
                var sas = new TableAccountSasBuilder(TableAccountSasPermissions.Read | TableAccountSasPermissions.List, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddHours(1))
                    .Sign(new TableSharedKeyCredential(args[1], args[2]));
                Console.WriteLine(sas);
                return 0;
            }

            if (args.Length >= 8 && args[0] == "live")
            {
                var end = DateTime.Parse(args[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                var instances = args.Skip(7).Select((a, i) => (Host: a.Split('=')[0], InstanceId: i.ToString(CultureInfo.InvariantCulture), Level: double.Parse(a.Split('=')[1], CultureInfo.InvariantCulture))).ToList();
                var written = Scenarios.WriteWadMetrics(new TableServiceClient(args[1]), Scenarios.LiveWadMetrics(args[2], end, int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), args[6] == "flat", instances));
                Console.WriteLine(written.ToString(CultureInfo.InvariantCulture));
                return 0;
            }

            Console.Error.WriteLine("usage: DiagnosticsData seed <connection string> | sas <account name> <account key> | live <connection string> <metrics resource id> <end> <minutes> <ahead> <flat|varying> <host=level>...");
            return 2;
        }
    }
}
