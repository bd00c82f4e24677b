using System;
using System.Linq;
using System.Text;
using VmssAutoscale.Json;
using VmssAutoscale.Model;
using VmssAutoscale.Sources.Sampling;

namespace VmssAutoscale.Tests.Fuzz
{
    /// <summary>
    /// Issue 25: the seeded fuzz suite over what turns read values into requests. Whatever a service
    /// sends, an ID the parser accepts builds exactly the URL it names (no segment added, removed or
    /// normalized away), the routing of diagnostic settings keeps only workspace IDs, and a literal
    /// never lets its value out of the quotes.
    /// </summary>
    public partial class FuzzTests
    {
        private const string IdAlphabet = "/?#%.\\'\"&=:;@ \n\tabcXYZ019-_()~+$!*[]{}\u001b\u009b\u202e";

        private static readonly string[] IdSeeds =
        {
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web",
            "/subscriptions/s/resourceGroups/rg.a(b)/providers/microsoft.insights/autoscalesettings/web-autoscale",
        };

        private static readonly ArmResourceType[] IdTypes = { ArmResourceType.Workspace, ArmResourceType.ScaleSet, ArmResourceType.AutoscaleSetting };

        [Xunit.Fact]
        public void Resource_id_parser()
        {
            var endpoint = new Uri("https://arm.test/");
            Run("ArmResourceId", Iterations(3000), r => Mutate(r, IdSeeds[r.Next(IdSeeds.Length)], IdAlphabet), id =>
            {
                foreach (var type in IdTypes)
                {
                    if (!ArmResourceId.IsValid(id, type))
                    {
                        continue;
                    }

                    // What the module sends for it is the path it built, segment for segment.
                    var built = id + "/query";
                    var sent = new Uri(endpoint, built.Substring(1));
                    Xunit.Assert.Equal(built, Uri.UnescapeDataString(sent.AbsolutePath));
                    Xunit.Assert.True(string.IsNullOrEmpty(sent.Query) && string.IsNullOrEmpty(sent.Fragment), id);
                    var segments = id.Split('/');
                    Xunit.Assert.Equal(6 + (2 * type.Types.Count) + 1, segments.Length);
                    Xunit.Assert.Equal(type.Namespace, segments[6], StringComparer.OrdinalIgnoreCase);
                }
            });
        }

        [Xunit.Fact]
        public void Diagnostic_settings_routing()
        {
            var seed = "{\"name\":\"to-law\",\"properties\":{\"workspaceId\":\"" + IdSeeds[0] + "\",\"logs\":[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]}}";
            Run("AutoscaleLogs.Route", Iterations(1000), r => Mutate(r, seed, IdAlphabet + JsonAlphabet), json =>
            {
                var routing = AutoscaleLogs.Route(new[] { json, json });
                Xunit.Assert.All(routing.Workspaces, w => Xunit.Assert.True(ArmResourceId.IsValid(w.WorkspaceId, ArmResourceType.Workspace), w.WorkspaceId));
            });
        }

        [Xunit.Fact]
        public void Query_literals()
        {
            Run("QueryLiterals", Iterations(2000), r => Mutate(r, "/subscriptions/s/x'y\"z\\w", IdAlphabet), value =>
            {
                var kql = QueryLiterals.Kql(value);
                Xunit.Assert.DoesNotContain(kql, c => c == '\n' || c == '\r' || char.IsControl(c));
                Xunit.Assert.Equal(Without(value, char.IsControl, "\n\r\t"), UnescapeKql(kql));

                var odata = QueryLiterals.OData(value);
                Xunit.Assert.DoesNotContain(odata, char.IsControl);
                Xunit.Assert.Equal(Without(value, char.IsControl, string.Empty), odata.Substring(1, odata.Length - 2).Replace("''", "'"));
                Xunit.Assert.DoesNotContain("'", odata.Substring(1, odata.Length - 2).Replace("''", string.Empty));
            });
        }

        /// <summary>The value a double-quoted KQL literal stands for; throws on a quote that would end it early.</summary>
        private static string UnescapeKql(string literal)
        {
            var sb = new StringBuilder();
            for (var i = 1; i < literal.Length - 1; i++)
            {
                var c = literal[i];
                if (c == '"')
                {
                    throw new InvalidOperationException("an unescaped quote inside the literal: " + literal);
                }

                if (c == '\\')
                {
                    var e = literal[++i];
                    sb.Append(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
                    continue;
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        private static string Without(string value, Func<char, bool> drop, string except) =>
            new string(value.Where(c => except.IndexOf(c) >= 0 || !drop(c)).ToArray());
    }
}
