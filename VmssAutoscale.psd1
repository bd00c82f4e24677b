@{
    RootModule           = 'VmssAutoscale.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0e3c8e-7f2a-4a5d-9c61-3f4d2b9a7e10'
    Author               = 'VmssAutoscale contributors'
    CompanyName          = 'VmssAutoscale contributors'
    Copyright            = '(c) VmssAutoscale contributors. MIT License.'
    Description          = 'Explains why an Azure VM scale set does or does not autoscale: reads the autoscale setting, the metric data, the activity log and the template, reproduces the autoscale engine''s decision and says why in plain words.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('VmssAutoscale.Format.ps1xml')
    TypesToProcess       = @('VmssAutoscale.Types.ps1xml')
    CmdletsToExport      = @(
        'Compare-VmssAutoscaleSetting'
        'Connect-VmssAutoscale'
        'Debug-VmssAutoscale'
        'Export-VmssAutoscaleReport'
        'Get-VmssAutoscaleRunHistory'
        'Get-VmssAutoscaleSetting'
        'Get-VmssAutoscaleTarget'
        'Get-VmssDiagnosticsSample'
        'Get-VmssScaleEvent'
        'Invoke-VmssAutoscaleSimulation'
        'Invoke-VmssManualScale'
        'Optimize-VmssAutoscaleSetting'
        'Test-VmssAutoscaleTemplate'
        'Test-VmssAutoscaleThreshold'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'Autoscale', 'VMSS', 'VirtualMachineScaleSet', 'Monitor', 'Troubleshooting', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See the README for what each cmdlet does and the known limits.'
        }
    }
}
