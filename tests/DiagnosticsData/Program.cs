using System;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;

namespace VmssAutoscale.TestData
{
    /// <summary>
    /// Command line for the Pester tests:
    ///   seed &lt;connection string&gt;                 writes every scenario of Scenarios.cs, prints the row count
    ///   sas &lt;account name&gt; &lt;account key&gt;       prints a read/list account SAS valid for an hour
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

            Console.Error.WriteLine("usage: DiagnosticsData seed <connection string> | sas <account name> <account key>");
            return 2;
        }
    }
}
