<#
    One real instance (or a few) of every type the cmdlets write, produced offline as a user would:
    from the example bundles, the committed fixtures and an unreachable Connect-VmssAutoscale
    endpoint (nothing is called). Dot-source it after importing the module; Get-OutputSample
    returns an ordered map from type name to objects. Serialization and view tests walk it, so a
    new output type belongs here too.
#>
$script:SampleRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $PSScriptRoot 'TestRunner.psm1')

# The types Get-OutputSample returns, in its order: what discovery needs to name test cases
# without running every cmdlet (twice per file) or writing anything. Get-OutputSample refuses
# to return a sample whose types differ from this list.
$script:OutputSampleTypes = @(
    'AutoscaleSetting'
    'ScaleRule'
    'ScaleSetInfo'
    'ScaleEvent'
    'ActivityLogRecord'
    'MetricSample'
    'DiagnosticsHealth'
    'DiagnosticsVerdict'
    'TemplateFinding'
    'AutoscaleDecision'
    'RuleEvaluation'
    'SimulationStep'
    'SimulationSummary'
    'Finding'
    'Diagnosis'
    'ReportBundle'
    'ConnectionInfo'
    'RunHistoryRecord'
    'AutoscaleLogRecord'
    'ManualScaleResult'
    'AutoscaleRecommendation'
    'SettingComparison'
)

function Get-OutputSampleTypeName { $script:OutputSampleTypes }

function Get-OutputSample {
    param([string] $Scratch)
    $examples = Join-Path $script:SampleRoot 'examples'
    $n = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-thresholds-50-50'; Snapshot = (Join-Path $examples 'thresholds-50-50-flapping') }
    $setting = Get-VmssAutoscaleSetting @n
    $samples = @(Get-VmssDiagnosticsSample @n)
    $summary = @(Get-VmssDiagnosticsSample @n -Summary)
    $debug = @(Debug-VmssAutoscale -Snapshot (Join-Path $examples 'one-hot-instance'))
    $decision = $samples | Test-VmssAutoscaleThreshold -Setting $setting -WarningAction SilentlyContinue
    $sample = [ordered]@{
        # The second reads its recurring profile's day as a number ("1"), as a 2025 API example writes it.
        'AutoscaleSetting'   = @($setting, (Get-VmssAutoscaleSetting -Path (Join-Path $script:SampleRoot 'tests/fixtures/settings/bare-properties-2025.json')))
        'ScaleRule'          = @($setting.Profiles[0].Rules)
        'ScaleSetInfo'       = @(Get-VmssAutoscaleTarget @n)
        'ScaleEvent'         = @(Get-VmssScaleEvent @n)
        'ActivityLogRecord'  = @(Get-VmssScaleEvent @n -Raw | Select-Object -First 4)
        'MetricSample'       = @($samples | Select-Object -First 6)
        'DiagnosticsHealth'  = @($summary | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsHealth] })
        'DiagnosticsVerdict' = @($summary | Where-Object { $_ -is [VmssAutoscale.Model.DiagnosticsVerdict] })
        'TemplateFinding'    = @(Test-VmssAutoscaleTemplate -Path (Join-Path $script:SampleRoot 'tests/fixtures/templates/CapacityInvalid.bad.json'))
        'AutoscaleDecision'  = @($decision)
        'RuleEvaluation'     = @($decision.Rules)
        'SimulationStep'     = @($samples | Invoke-VmssAutoscaleSimulation -Setting $setting -WarningAction SilentlyContinue | Select-Object -First 8)
        'SimulationSummary'  = @($samples | Invoke-VmssAutoscaleSimulation -Setting $setting -Summary -WarningAction SilentlyContinue)
        'Finding'            = @($debug | Where-Object { $_ -is [VmssAutoscale.Model.Finding] })
        'Diagnosis'          = @($debug | Where-Object { $_ -is [VmssAutoscale.Model.Diagnosis] })
        'ReportBundle'       = @(Export-VmssAutoscaleReport -Snapshot (Join-Path $examples 'one-hot-instance') -Path (Join-Path $Scratch 'bundle') -Force)
        # Connected only to get the object: forgotten at once, so no later live call goes to this dead endpoint.
        'ConnectionInfo'     = @(Connect-VmssAutoscale -ResourceManagerUrl https://127.0.0.1:1/ -AccessToken not-a-real-token -SubscriptionId 11111111-2222-3333-4444-555555555555 -WarningAction SilentlyContinue; Reset-VmssAutoscaleSession)
        'RunHistoryRecord'   = @(Get-VmssAutoscaleRunHistory -Snapshot (Join-Path $examples 'queue-driven-at-maximum') -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-queue-workers | Select-Object -First 6)
        # -IncludeLogs reads a workspace live (its own tests use the fake); the committed query answer goes through the same reader.
        'AutoscaleLogRecord' = @([VmssAutoscale.Sources.Sampling.AutoscaleLogs]::Read((Get-Content (Join-Path $script:SampleRoot 'tests/fixtures/autoscale-logs/query-response.json') -Raw),
                '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/microsoft.insights/autoscalesettings/autoscale-web', 'autoscale-web',
                '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web',
                '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/Microsoft.OperationalInsights/workspaces/law-autoscale').Records)
        # Invoke-VmssManualScale needs ARM (its own tests use the fake); the object is the same type.
        'ManualScaleResult'  = @([VmssAutoscale.Model.ManualScaleResult]@{ ResourceGroupName = 'rg-web'; VMScaleSetName = 'vmss-web'; FromCapacity = 2; ToCapacity = 3
                Status = [VmssAutoscale.Model.ManualScaleStatus]::Succeeded; ProvisioningState = 'Succeeded'; StartTime = [datetime]'2024-05-01T12:00:00Z'; EndTime = [datetime]'2024-05-01T12:01:30Z' })
        # A bundle's hour scores few minutes, which keeps the sample quick; the objects are the same types.
        'AutoscaleRecommendation' = @(Optimize-VmssAutoscaleSetting -Snapshot (Join-Path $examples 'one-hot-instance') -Top 2 -WarningAction SilentlyContinue)
        'SettingComparison' = @(Compare-VmssAutoscaleSetting -Snapshot (Join-Path $examples 'one-hot-instance') -DifferenceSetting $setting -WarningAction SilentlyContinue)
    }
    if ((@($sample.Keys) -join ',') -ne ($script:OutputSampleTypes -join ',')) {
        throw "Get-OutputSample returned $(@($sample.Keys) -join ', '); `$script:OutputSampleTypes lists $($script:OutputSampleTypes -join ', '). Keep them equal."
    }
    $sample
}
