#Requires -Version 5.1
# Optimize-VmssAutoscaleSetting and Compare-VmssAutoscaleSetting reading a scale set (issue 23 item 1):
# from a bundle (-Snapshot, the bundle's one scale set by default), live through the fake ARM, the
# -InstanceWarmup default (the median Started-to-Succeeded time of the scale set's own scale-outs),
# and the bad input of each.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    $script:Flapping = Join-Path $Examples 'thresholds-50-50-flapping'

    # The median of the succeeded scale-outs' durations, counted here from Get-VmssScaleEvent apart from the module's estimate.
    function Get-MedianScaleOut([object[]] $Events) {
        $d = @($Events | Where-Object { $_.Direction -eq 'Out' -and $_.Status -eq 'Succeeded' -and $null -ne $_.Duration } | ForEach-Object { $_.Duration } | Sort-Object)
        if ($d.Count % 2) { $d[[math]::Floor($d.Count / 2)] } else { [timespan]::FromTicks(($d[$d.Count / 2 - 1].Ticks + $d[$d.Count / 2].Ticks) / 2) }
    }

    function Get-Scores($r) { '{0} {1} {2} {3} {4} {5}' -f $r.InstanceHours, $r.OverloadMinutes, $r.ScaleActions, $r.Flaps, $r.Minutes, $r.InitialCapacity }

    # Bundles written by the module's own serializer from the examples: one without its setting, one of two scale sets.
    $healthy = [VmssAutoscale.Reports.SnapshotSerializer]::Read((Join-Path $Examples 'healthy'))
    $hot = [VmssAutoscale.Reports.SnapshotSerializer]::Read((Join-Path $Examples 'one-hot-instance'))
    function New-Bundle([string] $Name, [object[]] $ScaleSets, [object[]] $Settings) {
        $bundle = [VmssAutoscale.Reports.Snapshot]@{
            ModuleVersion     = $healthy.ModuleVersion
            CollectedAt       = $healthy.CollectedAt
            WindowStart       = $healthy.WindowStart
            WindowEnd         = $healthy.WindowEnd
            ScaleSets         = [VmssAutoscale.Reports.SnapshotScaleSet[]]$ScaleSets
            AutoscaleSettings = [VmssAutoscale.Json.JsonNode[]]$Settings
        }
        $path = Join-Path $TestDrive $Name
        $null = [VmssAutoscale.Reports.SnapshotSerializer]::Write($bundle, $path)
        $path
    }
    $script:NoSetting = New-Bundle 'no-setting' @($healthy.ScaleSets[0]) @()
    $script:Two = New-Bundle 'two' @($healthy.ScaleSets[0], $hot.ScaleSets[0]) (@($healthy.AutoscaleSettings) + @($hot.AutoscaleSettings))
}

Describe 'Optimize-VmssAutoscaleSetting -Snapshot' {
    BeforeAll {
        $script:Ranked = @(Optimize-VmssAutoscaleSetting -Snapshot $Flapping -MaxLoad 80 -Top 1 -WarningAction SilentlyContinue)
        $script:Collected = [datetime]::new(2024, 5, 1, 12, 0, 0, [DateTimeKind]::Utc)
    }

    It 'takes the bundle''s one setting and its samples, as -Path and -Sample give them' {
        $setting = Get-VmssAutoscaleSetting -Snapshot $Flapping
        $samples = @(Get-VmssDiagnosticsSample -Snapshot $Flapping -StartTime $Collected.AddDays(-7) -EndTime $Collected -WarningAction SilentlyContinue)
        $given = @($setting | Optimize-VmssAutoscaleSetting -Sample $samples -MaxLoad 80 -Top 1 -InstanceWarmup $Ranked[0].InstanceWarmup -WarningAction SilentlyContinue)
        $Ranked[0].Setting.Name | Should -Be $setting.Name
        $Ranked[0].Minutes | Should -BeGreaterThan 0
        $Ranked | ForEach-Object { Get-Scores $_ } | Should -Be ($given | ForEach-Object { Get-Scores $_ })
    }

    It 'defaults -InstanceWarmup to the median Started-to-Succeeded time of the bundle''s scale-outs over the 7 days' {
        $events = @(Get-VmssScaleEvent -Snapshot $Flapping -StartTime $Collected.AddDays(-7) -EndTime $Collected)
        $median = Get-MedianScaleOut $events
        $count = @($events | Where-Object { $_.Direction -eq 'Out' -and $_.Status -eq 'Succeeded' -and $_.Duration }).Count
        $count | Should -BeGreaterThan 1
        $Ranked[0].InstanceWarmup | Should -Be $median
        $Ranked[0].InstanceWarmupSource | Should -Be "Median of $count scale-outs"
        $Ranked[0].Period | Should -BeLike '2024-05-01 *'
    }

    It 'says the warmup it used in verbose output' {
        $verbose = Optimize-VmssAutoscaleSetting -Snapshot $Flapping -MaxLoad 80 -Top 1 -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match '^-InstanceWarmup not given: using \S+, the median Started-to-Succeeded time') | Should -Not -BeNullOrEmpty
    }

    It 'falls back to 5 minutes when the bundle holds no scale-out, and takes a given -InstanceWarmup as given' {
        $bundle = Join-Path $Examples 'one-hot-instance'
        $default = @(Optimize-VmssAutoscaleSetting -Snapshot $bundle -MaxLoad 80 -Top 1 -WarningAction SilentlyContinue)[0]
        $default.InstanceWarmup | Should -Be ([timespan]::FromMinutes(5))
        $default.InstanceWarmupSource | Should -Be 'Default'
        $given = @(Optimize-VmssAutoscaleSetting -Snapshot $bundle -MaxLoad 80 -Top 1 -InstanceWarmup 0 -WarningAction SilentlyContinue)[0]
        $given.InstanceWarmup | Should -Be ([timespan]::Zero)
        $given.InstanceWarmupSource | Should -Be 'Given'
    }

    It 'picks a scale set of a bundle of two by name' {
        $r = @(Optimize-VmssAutoscaleSetting -Snapshot $Two -VMScaleSetName vmss-one-hot-instance -MaxLoad 80 -Top 1 -WarningAction SilentlyContinue)
        $r[0].Setting.TargetResourceName | Should -Be 'vmss-one-hot-instance'
    }

    It 'Compare-VmssAutoscaleSetting -Snapshot scores the bundle''s setting as the Reference, as Optimize scores Rank 0' {
        $sides = @(Compare-VmssAutoscaleSetting -Snapshot $Flapping -DifferenceSetting $Ranked[1].Setting -MaxLoad 80 -WarningAction SilentlyContinue)
        $sides.Side | Should -Be @('Reference', 'Difference')
        Get-Scores $sides[0] | Should -Be (Get-Scores $Ranked[0])
        Get-Scores $sides[1] | Should -Be (Get-Scores $Ranked[1])
        $sides[0].InstanceWarmupSource | Should -Be $Ranked[0].InstanceWarmupSource
    }
}

Describe 'Optimize-VmssAutoscaleSetting scale set bad input' {
    It 'says so when no setting in the bundle targets the scale set' {
        { Optimize-VmssAutoscaleSetting -Snapshot $NoSetting -MaxLoad 80 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.NoAutoscaleSetting,VmssAutoscale.Cmdlets.OptimizeVmssAutoscaleSettingCommand' -ExpectedMessage '*No autoscale setting targets the scale set ''vmss-healthy''*-Path*'
    }

    It 'asks which scale set of a bundle of two' {
        $err = $null
        try { Optimize-VmssAutoscaleSetting -Snapshot $Two -MaxLoad 80 -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ScaleSetNotChosen,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike '*holds 2 scale sets: rg-autoscale-examples/vmss-healthy, rg-autoscale-examples/vmss-one-hot-instance*'
    }

    It 'needs both names to read a scale set live' {
        { Compare-VmssAutoscaleSetting -ResourceGroupName rg-web -DifferenceSetting (Get-VmssAutoscaleSetting -Snapshot $Flapping) -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.ScaleSetNotChosen,VmssAutoscale.Cmdlets.CompareVmssAutoscaleSettingCommand'
    }

    It 'refuses a period without a scale set to read it from' {
        { Get-VmssAutoscaleSetting -Snapshot $Flapping | Optimize-VmssAutoscaleSetting -SamplePath (Join-Path $TestDrive 'x.csv') -Last 1.00:00:00 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.ConflictingWindow,VmssAutoscale.Cmdlets.OptimizeVmssAutoscaleSettingCommand'
    }
}

Describe 'Optimize-VmssAutoscaleSetting live' {
    BeforeAll {
        $script:Fake = Start-FakeArm
        Connect-FakeArm $Fake
        # Explicit times, so both commands read the same period whenever the minute turns.
        $script:End = [datetime]::UtcNow
        $script:Start = $End.AddHours(-6)
        $script:Live = @(Optimize-VmssAutoscaleSetting -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime $Start -EndTime $End -MaxLoad 80 -Top 1 -WarningAction SilentlyContinue)
    }
    AfterAll { Stop-FakeArm $Fake }

    It 'reads the setting the scale set''s lookup finds and its host metrics over the period' {
        $Live[0].Setting.Name | Should -Be 'autoscale-web'
        $Live[0].Minutes | Should -BeGreaterThan 0
        $Live.Count | Should -Be 2
    }

    It 'defaults -InstanceWarmup to the median of the scale-outs Get-VmssScaleEvent merges over the period' {
        $events = @(Get-VmssScaleEvent -ResourceGroupName rg-web -VMScaleSetName vmss-web -StartTime $Start -EndTime $End)
        $Live[0].InstanceWarmup | Should -Be (Get-MedianScaleOut $events)
        $Live[0].InstanceWarmupSource | Should -BeLike 'Median of * scale-outs'
    }

    It 'reads the same scale set by -ResourceId' {
        $id = "/subscriptions/$FakeSubscription/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web"
        $byId = @(Optimize-VmssAutoscaleSetting -ResourceId $id -StartTime $Start -EndTime $End -MaxLoad 80 -Top 1 -WarningAction SilentlyContinue)
        $byId | ForEach-Object { Get-Scores $_ } | Should -Be ($Live | ForEach-Object { Get-Scores $_ })
    }
}
