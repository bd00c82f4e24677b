<#
.SYNOPSIS
    Writes a synthetic sample CSV: Days × 1-minute × Instances rows of Percentage CPU, a daily wave
    with noise (the same shape as benchmarks/Engine.Benchmarks). 30 days × 100 instances is
    4.32 million samples (about 300 MB).
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [int] $Days = 30,
    [int] $Instances = 100
)
$ErrorActionPreference = 'Stop'
$full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
$writer = [System.IO.StreamWriter]::new($full, $false, [System.Text.UTF8Encoding]::new($false), 1MB)
try {
    $writer.Write("Instance,Timestamp,MetricName,Value`n")
    $random = [System.Random]::new(42)
    $start = [datetime]::new(2024, 5, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
    $names = 0..($Instances - 1) | ForEach-Object { "vmss_$_" }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $sb = [System.Text.StringBuilder]::new(8MB)
    for ($m = 0; $m -lt $Days * 1440; $m++) {
        $t = $start.AddMinutes($m).ToString('yyyy-MM-ddTHH:mm:ssZ', $inv)
        $wave = 50 + 35 * [math]::Sin(2 * [math]::PI * $m / 1440.0)
        for ($i = 0; $i -lt $Instances; $i++) {
            $v = [math]::Round([math]::Max(0, [math]::Min(100, $wave + ($random.NextDouble() - 0.5) * 20)), 2)
            [void] $sb.Append($names[$i]).Append(',').Append($t).Append(',Percentage CPU,').Append($v.ToString($inv)).Append("`n")
        }
        if ($sb.Length -gt 7MB) { $writer.Write($sb.ToString()); [void] $sb.Clear() }
    }
    $writer.Write($sb.ToString())
}
finally {
    $writer.Dispose()
}
Get-Item $full
