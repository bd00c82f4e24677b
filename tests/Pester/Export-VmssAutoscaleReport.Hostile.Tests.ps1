# Re-exporting a bundle must keep its source: never write into it, never drop samples silently.
BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VmssAutoscale/VmssAutoscale.psd1" -Force
    $script:source = Join-Path $TestDrive 'source'
    New-Item -ItemType Directory -Path $script:source | Out-Null
    # The healthy example with a third of its samples moved three hours back: older than the 1 h default.
    $snap = Get-Content -Raw (Join-Path $PSScriptRoot '../../examples/healthy/snapshot.json') | ConvertFrom-Json -Depth 100
    $samples = $snap.scaleSets[0].samples
    for ($i = 0; $i -lt 60; $i++) { $samples[$i].timestamp = ([DateTime]$samples[$i].timestamp).ToUniversalTime().AddHours(-3).ToString('yyyy-MM-ddTHH:mm:ssZ') }
    $snap | ConvertTo-Json -Depth 100 | Set-Content -Path (Join-Path $script:source 'snapshot.json') -Encoding utf8NoBOM
    $script:sampleCount = $samples.Count
    $script:hash = (Get-FileHash (Join-Path $script:source 'snapshot.json')).Hash
    $script:target = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-healthy' }
}

Describe 'Export-VmssAutoscaleReport keeps its source' {
    It 'refuses a -Path <Case> the -Snapshot bundle, even with -Force' -ForEach @(
        @{ Case = 'equal to'; Sub = '' }
        @{ Case = 'inside'; Sub = 'nested/deeper' }
    ) {
        $path = if ($Sub) { Join-Path $script:source $Sub } else { $script:source }
        { Export-VmssAutoscaleReport -Path $path -Snapshot $script:source @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.PathInsideSource*'
        (Get-FileHash (Join-Path $script:source 'snapshot.json')).Hash | Should -Be $script:hash
        Test-Path (Join-Path $script:source 'nested') | Should -BeFalse
    }

    It 'refuses a -Path inside the bundle when -Snapshot names its snapshot.json' {
        { Export-VmssAutoscaleReport -Path $script:source -Snapshot (Join-Path $script:source 'snapshot.json') @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.PathInsideSource*'
    }

    It 'validates -<Name> like Debug-VmssAutoscale' -ForEach @(
        @{ Name = 'SamplePeriod' }, @{ Name = 'EventPeriod' }
    ) {
        $p = @{ Path = (Join-Path $TestDrive 'out-bad'); Snapshot = $script:source; $Name = [TimeSpan]::Zero }
        { Export-VmssAutoscaleReport @p @script:target -ErrorAction Stop } | Should -Throw -ErrorId 'VmssAutoscale.InvalidPeriod*'
    }

    It 'keeps every sample of the bundle by default, and only the asked period with -SamplePeriod' {
        $all = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'out-all') -Snapshot $script:source @script:target
        $kept = (Get-Content -Raw $all.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].samples
        $kept | Should -HaveCount $script:sampleCount
        $hour = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'out-hour') -Snapshot $script:source @script:target -SamplePeriod (New-TimeSpan -Hours 1)
        (Get-Content -Raw $hour.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].samples.Count | Should -BeLessThan $script:sampleCount
    }
}
