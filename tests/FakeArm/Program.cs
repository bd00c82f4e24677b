using System;
using System.Collections.Generic;
using System.Globalization;

namespace VmssAutoscale.FakeArm
{
    /// <summary>
    /// FakeArm --token &lt;t&gt; [--token &lt;t2&gt;] [--fleet N] [--port P]: serves the fake ARM over HTTPS on
    /// 127.0.0.1, prints "LISTENING https://127.0.0.1:port/" and runs until its standard input
    /// closes, so it never outlives the test process that started it.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var tokens = new List<string>();
            var fleet = 0;
            var port = 0;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--token":
                        tokens.Add(args[i + 1]);
                        break;
                    case "--fleet":
                        fleet = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    case "--port":
                        port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                        break;
                    default:
                        Console.Error.WriteLine($"Unknown argument {args[i]}");
                        return 2;
                }
            }

            using var server = new LoopbackServer(new FakeArmService(tokens, fleet), port);
            Console.WriteLine($"LISTENING {server.Url}");
            Console.Out.Flush();
            while (Console.In.ReadLine() != null)
            {
            }

            return 0;
        }
    }
}
