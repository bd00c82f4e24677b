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

    # The text of $.scaleSets[0].samples as written: from its '[' to the ']' that closes it.
    function Get-SamplesText([string] $File) {
        $text = [IO.File]::ReadAllText($File)
        $open = $text.IndexOf('"samples": [')
        $close = $text.IndexOf("`n      ]", $open)
        if ($open -lt 0 -or $close -lt 0) { throw "No samples array in '$File'." }
        $text.Substring($open, $close + "`n      ]".Length - $open)
    }
    function Get-Digest([string] $Text) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Text)))
    }
    function Get-FindingLine($Finding) { '{0}|{1}|{2}' -f $Finding.Check, $Finding.Status, $Finding.Summary }
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

    It 're-exports every sample byte for byte: the samples section of a bundle the module wrote comes back identical' {
        # The first export writes the source in the module's own layout; the second re-exports it.
        $first = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'first') -Snapshot $script:source @script:target
        $second = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'second') -Snapshot $first.Path @script:target
        $before = Get-SamplesText $first.SnapshotPath
        $after = Get-SamplesText $second.SnapshotPath
        (Get-Content -Raw $second.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].samples | Should -HaveCount $script:sampleCount
        Get-Digest $after | Should -Be (Get-Digest $before)
        $after | Should -BeExactly $before
    }

    It 'gives the findings Debug-VmssAutoscale -Snapshot gives on the source, in the bundle and in the report' {
        $debug = Debug-VmssAutoscale -Snapshot $script:source @script:target -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Finding] }
        $bundle = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'findings') -Snapshot $script:source @script:target -WarningAction SilentlyContinue
        $written = (Get-Content -Raw $bundle.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].findings
        $expected = @($debug | ForEach-Object { Get-FindingLine $_ } | Sort-Object)
        @($written | ForEach-Object { Get-FindingLine $_ } | Sort-Object) | Should -Be $expected
        $bundle.FailCount | Should -Be @($debug | Where-Object Status -EQ 'Fail').Count
        $bundle.WarnCount | Should -Be @($debug | Where-Object Status -EQ 'Warn').Count
        # Read back, the new bundle still holds the samples three hours old, which the default hour does not chart.
        $again = Debug-VmssAutoscale -Snapshot $bundle.Path @script:target -WarningAction SilentlyContinue | Where-Object { $_ -is [VmssAutoscale.Model.Finding] }
        @($again | ForEach-Object { Get-FindingLine $_ } | Sort-Object) | Should -Be $expected
        Get-Content -Raw $bundle.ReportPath | Should -Match 'Findings and charts cover the samples from .* \(-SamplePeriod 1 h\)'
    }

    It 'keeps every activity-log record of the source by default' {
        $records = (Get-Content -Raw (Join-Path $script:source 'snapshot.json') | ConvertFrom-Json -Depth 100).scaleSets[0].activityLog
        $bundle = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'events') -Snapshot $script:source @script:target -EventPeriod (New-TimeSpan -Days 3650)
        $all = Export-VmssAutoscaleReport -Path (Join-Path $TestDrive 'events-all') -Snapshot $script:source @script:target
        $kept = (Get-Content -Raw $all.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].activityLog
        @($kept) | Should -HaveCount @($records).Count
        @((Get-Content -Raw $bundle.SnapshotPath | ConvertFrom-Json -Depth 100).scaleSets[0].activityLog) | Should -HaveCount @($records).Count
    }
}
