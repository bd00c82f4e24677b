using System;
using System.Globalization;
using Azure.Data.Tables;

namespace VmssAutoscale.TestData
{
    /// <summary>Command line for the Pester tests: seed a scenario into a Table endpoint and print what was written.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2 || args[0] != "seed")
            {
                Console.Error.WriteLine("usage: DiagnosticsData seed <connection string>   (writes every scenario of Scenarios.cs)");
                return 2;
            }

            var service = new TableServiceClient(args[1]);
            var written = Scenarios.SeedAll(service);
            Console.WriteLine(written.ToString(CultureInfo.InvariantCulture));
            return 0;
        }
    }
}
