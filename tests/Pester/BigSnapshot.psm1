# Writes snapshot bundles with many samples, for the memory tests and benchmarks/snapshot: the
# healthy example with its samples replaced by a generated load, streamed to disk (never held).

$script:generator = $null

function Initialize-Generator {
    if ($script:generator) { return }
    Add-Type -TypeDefinition @'
using System;
using System.Globalization;
using System.IO;
using System.Text;

public static class VmssAutoscaleBigSnapshot
{
    // Samples go back in time from the bundle's collection time, one per instance and minute.
    public static void Write(string prefix, string suffix, string path, int samples, string[] instances, DateTime end)
    {
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            w.Write(prefix);
            var minutes = (samples + instances.Length - 1) / instances.Length;
            var start = end.AddMinutes(-minutes);
            var written = 0;
            for (var m = 0; m < minutes && written < samples; m++)
            {
                var t = start.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                for (var i = 0; i < instances.Length && written < samples; i++)
                {
                    w.Write(written == 0 ? "\n" : ",\n");
                    w.Write("        {\n          \"instance\": \"");
                    w.Write(instances[i]);
                    w.Write("\",\n          \"timestamp\": \"");
                    w.Write(t);
                    w.Write("\",\n          \"metricName\": \"Percentage CPU\",\n          \"value\": ");
                    w.Write((40 + ((m * 7 + i * 13) % 300) / 10.0).ToString("R", CultureInfo.InvariantCulture));
                    w.Write(",\n          \"source\": \"AzureMonitor\"\n        }");
                    written++;
                }
            }

            w.Write(suffix);
        }
    }
}
'@
    $script:generator = $true
}

function New-BigSnapshot {
    <#
    .SYNOPSIS
        Writes <Path>/snapshot.json: the healthy example whose scale set holds -Samples samples
        (three instances, one sample a minute each, ending at the bundle's collection time).
    #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Samples)
    Initialize-Generator
    $text = Get-Content -Raw (Join-Path $PSScriptRoot '../../examples/healthy/snapshot.json')
    $open = $text.IndexOf('"samples": [')
    $close = $text.IndexOf("`n      ]", $open)
    if ($open -lt 0 -or $close -lt 0) { throw 'The healthy example no longer has the samples array this generator expects.' }
    $collected = [datetime]::Parse(([regex]::Match($text, '"collectedAt": "([^"]+)"')).Groups[1].Value, [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
    New-Item -ItemType Directory -Force -Path $Path | Out-Null
    $file = Join-Path $Path 'snapshot.json'
    [VmssAutoscaleBigSnapshot]::Write($text.Substring(0, $open + '"samples": ['.Length), $text.Substring($close), $file, $Samples,
        @('vmss-healthy_0', 'vmss-healthy_1', 'vmss-healthy_2'), $collected)
    Get-Item $file
}

function Measure-PeakMemory {
    <#
    .SYNOPSIS
        Runs -Command in a fresh PowerShell that has imported -Manifest and returns the child's
        peak working set in bytes (VmHWM on Linux) and the command's own output as text.
    #>
    param([Parameter(Mandatory)] [string] $Manifest, [Parameter(Mandatory)] [string] $Command)
    $script = @"
`$ErrorActionPreference = 'Stop'
if (`$PSStyle) { `$PSStyle.OutputRendering = 'PlainText' }
Import-Module '$Manifest'
`$out = & { $Command } | Out-String
'PEAK=' + [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
'OUT=' + (`$out -replace '\s+', ' ')
"@
    $lines = Invoke-FreshPwsh -Command $script
    $peak = $lines | Where-Object { $_ -like 'PEAK=*' } | Select-Object -Last 1
    if (-not $peak) { throw "The child PowerShell failed: $($lines -join "`n")" }
    [pscustomobject]@{
        PeakBytes = [long]$peak.Substring(5)
        Output    = ($lines | Where-Object { $_ -like 'OUT=*' } | Select-Object -Last 1)
    }
}

Export-ModuleMember -Function New-BigSnapshot, Measure-PeakMemory
