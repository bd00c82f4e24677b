#Requires -Version 5.1
# Issue 24 item 3: a bundle's names are defaults. With -Snapshot alone every read cmdlet takes the
# scale set the bundle holds; a bundle of several says which it holds; -ResourceGroupName and
# -VMScaleSetName complete from the bundle. Issue 20 item 4: one period resolver, one error id.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'

    # A bundle of two scale sets, written by the module's own serializer from two examples.
    $healthy = [VmssAutoscale.Reports.SnapshotSerializer]::Read((Join-Path $Examples 'healthy'))
    $hot = [VmssAutoscale.Reports.SnapshotSerializer]::Read((Join-Path $Examples 'one-hot-instance'))
    $both = [VmssAutoscale.Reports.Snapshot]@{
        ModuleVersion     = $healthy.ModuleVersion
        CollectedAt       = $healthy.CollectedAt
        WindowStart       = $healthy.WindowStart
        WindowEnd         = $healthy.WindowEnd
        ScaleSets         = [VmssAutoscale.Reports.SnapshotScaleSet[]]@($healthy.ScaleSets[0], $hot.ScaleSets[0])
        AutoscaleSettings = [VmssAutoscale.Json.JsonNode[]]@(@($healthy.AutoscaleSettings) + @($hot.AutoscaleSettings))
    }
    $script:Two = Join-Path $TestDrive 'two'
    $null = [VmssAutoscale.Reports.SnapshotSerializer]::Write($both, $script:Two)

    function Get-Shape([object[]] $Items) { ($Items | ForEach-Object { $_ | ConvertTo-Json -Depth 2 -Compress -WarningAction SilentlyContinue }) -join "`n" }
}

Describe 'With -Snapshot alone the bundle''s scale set is the default' {
    It '<Command> on <Bundle> gives what the names give' -ForEach @(
        @{ Command = 'Get-VmssAutoscaleTarget'; Bundle = 'healthy'; Name = 'vmss-healthy'; Extra = @{} }
        @{ Command = 'Get-VmssScaleEvent'; Bundle = 'manual-scale-reverted'; Name = 'vmss-manual-scale-reverted'; Extra = @{} }
        @{ Command = 'Get-VmssAutoscaleRunHistory'; Bundle = 'queue-driven-at-maximum'; Name = 'vmss-queue-workers'; Extra = @{} }
        @{ Command = 'Get-VmssDiagnosticsSample'; Bundle = 'one-hot-instance'; Name = 'vmss-one-hot-instance'; Extra = @{ Summary = $true } }
    ) {
        $bundle = Join-Path $Examples $Bundle
        $extra = $Extra
        $named = @(& $Command -Snapshot $bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName $Name @extra -WarningAction SilentlyContinue)
        $alone = @(& $Command -Snapshot $bundle @extra -WarningAction SilentlyContinue)
        $named.Count | Should -BeGreaterThan 0
        Get-Shape $alone | Should -Be (Get-Shape $named)
    }

    It 'takes the group from the bundle when only -VMScaleSetName is given' {
        $events = @(Get-VmssAutoscaleTarget -Snapshot $Two -VMScaleSetName vmss-one-hot-instance)
        $events | Should -HaveCount 1
        $events[0].ResourceGroupName | Should -Be 'rg-autoscale-examples'
    }

    It '<Command> on a bundle of two scale sets says which it holds' -ForEach @(
        @{ Command = 'Get-VmssScaleEvent' }, @{ Command = 'Get-VmssAutoscaleRunHistory' }, @{ Command = 'Get-VmssDiagnosticsSample' }
    ) {
        $out = @(& $Command -Snapshot $Two -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ScaleSetNotChosen,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*holds 2 scale sets: rg-autoscale-examples/vmss-healthy, rg-autoscale-examples/vmss-one-hot-instance. Choose one with -ResourceGroupName and -VMScaleSetName."
    }

    It 'Get-VmssAutoscaleTarget lists every scale set of the bundle, as it lists a resource group live' {
        (Get-VmssAutoscaleTarget -Snapshot $Two).VMScaleSetName | Should -Be @('vmss-healthy', 'vmss-one-hot-instance')
    }
}

Describe 'Names complete from the bundle' {
    It 'completes -<Parameter> of <Command> from the bundle given with -Snapshot' -ForEach @(
        @{ Command = 'Get-VmssScaleEvent'; Parameter = 'VMScaleSetName'; Expected = @('vmss-healthy', 'vmss-one-hot-instance') }
        @{ Command = 'Get-VmssAutoscaleRunHistory'; Parameter = 'VMScaleSetName'; Expected = @('vmss-healthy', 'vmss-one-hot-instance') }
        @{ Command = 'Debug-VmssAutoscale'; Parameter = 'VMScaleSetName'; Expected = @('vmss-healthy', 'vmss-one-hot-instance') }
        @{ Command = 'Get-VmssAutoscaleTarget'; Parameter = 'ResourceGroupName'; Expected = @('rg-autoscale-examples') }
    ) {
        $line = "$Command -Snapshot '$Two' -$Parameter "
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText | Select-Object -Unique) | Should -Be $Expected
    }

    It 'completes within the -ResourceGroupName already typed' {
        $line = "Get-VmssScaleEvent -Snapshot '$Two' -ResourceGroupName rg-other -VMScaleSetName "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
    }
}

Describe 'One period resolver' {
    It 'Get-VmssDiagnosticsSample answers a reversed period with InvalidTimeRange, as every read cmdlet does' {
        $bundle = Join-Path $Examples 'one-hot-instance'
        $at = [datetime]::new(2024, 5, 1, 11, 0, 0, [DateTimeKind]::Utc)
        $null = Get-VmssDiagnosticsSample -Snapshot $bundle -StartTime $at -EndTime $at.AddMinutes(-5) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidTimeRange,*'
        $null = Get-VmssScaleEvent -Snapshot $bundle -StartTime $at -EndTime $at.AddMinutes(-5) -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InvalidTimeRange,*'
    }

    It 'answers -StartTime with -Last with ConflictingWindow in every cmdlet that has both' -ForEach @(
        @{ Command = 'Get-VmssDiagnosticsSample' }, @{ Command = 'Get-VmssAutoscaleRunHistory' }
    ) {
        $at = [datetime]::new(2024, 5, 1, 11, 0, 0, [DateTimeKind]::Utc)
        $null = & $Command -Snapshot (Join-Path $Examples 'queue-driven-at-maximum') -StartTime $at -Last 00:10:00 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.ConflictingWindow,*'
    }
}
