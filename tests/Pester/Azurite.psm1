<#
.SYNOPSIS
    Starts azurite-table (tests/azurite, installed by build.ps1 from the lock file) on a free
    loopback port in memory for one test file, seeds it with the generators in
    tests/DiagnosticsData, and stops it afterwards.
#>
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:AccountName = 'devstoreaccount1'
# Azurite's documented development key; it protects nothing.
$script:AccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TestAzurite {
    $script = Join-Path $script:RepoRoot 'tests/azurite/node_modules/azurite/dist/src/table/main.js'
    if (-not (Test-Path $script)) {
        throw "Azurite is not installed ($script is missing). Run: npm ci --prefix tests/azurite (build.ps1 -Task Test does this)."
    }

    $port = Get-FreeLoopbackPort
    $psi = [System.Diagnostics.ProcessStartInfo]::new('node')
    foreach ($a in @($script, '--tableHost', '127.0.0.1', '--tablePort', "$port", '--inMemoryPersistence', '--skipApiVersionCheck', '--disableProductStyleUrl', '--silent', '--disableTelemetry')) {
        $psi.ArgumentList.Add($a)
    }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain the pipes so Azurite never blocks on a full buffer.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()

    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        if ($process.HasExited) { throw "Azurite exited with code $($process.ExitCode) before listening on port $port." }
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); break } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill($true); throw "Azurite did not listen on port $port within 30 s." }
    }

    $endpoint = "http://127.0.0.1:$port/$script:AccountName"
    [pscustomobject]@{
        Process          = $process
        Port             = $port
        TableEndpoint    = $endpoint
        AccountKey       = $script:AccountKey
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=$script:AccountName;AccountKey=$script:AccountKey;TableEndpoint=$endpoint;"
    }
}

function Stop-TestAzurite {
    param($Azurite)
    if ($Azurite -and -not $Azurite.Process.HasExited) {
        $Azurite.Process.Kill($true)
        $null = $Azurite.Process.WaitForExit(5000)
    }
}

function Invoke-DiagnosticsData {
    $dll = Join-Path $script:RepoRoot 'tests/DiagnosticsData/bin/Release/net10.0/DiagnosticsData.dll'
    if (-not (Test-Path $dll)) {
        dotnet build (Join-Path $script:RepoRoot 'tests/DiagnosticsData/DiagnosticsData.csproj') -c Release -nologo -v quiet | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'Building tests/DiagnosticsData failed.' }
    }
    $out = & dotnet $dll @args
    if ($LASTEXITCODE -ne 0) { throw "DiagnosticsData $($args[0]) failed (exit code $LASTEXITCODE)." }
    $out
}

function Add-TestDiagnosticsData {
    param($Azurite)
    [long] (Invoke-DiagnosticsData seed $Azurite.ConnectionString)
}

function Add-TestLiveWadMetrics {
    <#
        WADMetrics PT1M CPU rows for the -Minutes before the minute of -End and the -Ahead minutes
        from it (Scenarios.LiveWadMetrics), keyed by -MetricsResourceId; -Level maps each host name
        to its CPU level, instance ids in order; -Flat writes the level alone, not level + (m mod 3).
    #>
    param($Azurite, [string] $MetricsResourceId, [datetime] $End, [int] $Minutes, [int] $Ahead = 0, [switch] $Flat, [System.Collections.Specialized.OrderedDictionary] $Level)
    $hosts = foreach ($k in $Level.Keys) { '{0}={1}' -f $k, ([double] $Level[$k]).ToString([cultureinfo]::InvariantCulture) }
    [long] (Invoke-DiagnosticsData live $Azurite.ConnectionString $MetricsResourceId $End.ToUniversalTime().ToString('o') $Minutes $Ahead $(if ($Flat) { 'flat' } else { 'varying' }) @hosts)
}

function New-TestAccountSas {
    param($Azurite)
    [string] (Invoke-DiagnosticsData sas $script:AccountName $Azurite.AccountKey)
}

Export-ModuleMember -Function Start-TestAzurite, Stop-TestAzurite, Add-TestDiagnosticsData, Add-TestLiveWadMetrics, New-TestAccountSas
