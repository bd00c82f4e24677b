#Requires -Version 5.1
# Pins the binding surface of every cmdlet that takes a scale set: parameter sets, mandatory
# flags, positions, pipeline binding, aliases, types and the default set. The target parameters
# live in one base class (ScaleSetCmdlet) and its extensions; this guards that moving a cmdlet
# onto the base, or changing the base, never changes what a user types or pipes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force

    function Get-BindingShape {
        param([string] $Name)
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $command = Get-Command $Name
        "default $($command.DefaultParameterSet)"
        foreach ($p in $command.Parameters.Values | Where-Object { $common -notcontains $_.Name } | Sort-Object Name) {
            foreach ($s in $p.ParameterSets.GetEnumerator() | Sort-Object Key) {
                $v = $s.Value
                $position = if ($v.Position -lt 0) { 'named' } else { "position $($v.Position)" }
                $flags = @($(if ($v.IsMandatory) { 'mandatory' }), $(if ($v.ValueFromPipeline) { 'pipeline' }), $(if ($v.ValueFromPipelineByPropertyName) { 'bypropertyname' })) | Where-Object { $_ }
                $aliases = if ($p.Aliases.Count) { 'alias ' + (($p.Aliases | Sort-Object) -join ',') }
                ((@("$($p.Name) [$($p.ParameterType)] in $($s.Key):", $position) + $flags + @($aliases)) | Where-Object { $_ }) -join ' '
            }
        }
    }
}

BeforeDiscovery {
    # What the cmdlets bound before the target parameters moved onto ScaleSetCmdlet (main at ffd33cd),
    # plus the Snapshot parameter set every read cmdlet gained (issue 24 item 3: names optional with -Snapshot).
    $expected = [ordered]@{
        'Debug-VmssAutoscale' = @'
default ByName
All [switch] in All: named mandatory
AllowKeyAccess [switch] in All: named
AllowKeyAccess [switch] in ByName: named
AllowKeyAccess [switch] in ByResourceId: named
EventPeriod [timespan] in __AllParameterSets: named
LoadedCoresPerInstance [System.Nullable[int]] in __AllParameterSets: named
ResourceGroupName [string] in ByName: position 0 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Sample [VmssAutoscale.Model.MetricSample[]] in ByName: named
Sample [VmssAutoscale.Model.MetricSample[]] in ByResourceId: named
SamplePeriod [timespan] in __AllParameterSets: named
Snapshot [string] in All: named
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
SubscriptionId [string[]] in All: named
SubscriptionId [string[]] in ByName: named
TemplatePath [string] in __AllParameterSets: named
ThrottleLimit [int] in All: named
VMScaleSetName [string] in ByName: position 1 mandatory bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named alias Name
'@
        'Export-VmssAutoscaleReport' = @'
default ByName
AllowKeyAccess [switch] in ByName: named
AllowKeyAccess [switch] in ByResourceId: named
EventPeriod [timespan] in __AllParameterSets: named
Force [switch] in __AllParameterSets: named
LoadedCoresPerInstance [System.Nullable[int]] in __AllParameterSets: named
Path [string] in __AllParameterSets: position 0 mandatory
ResourceGroupName [string] in ByName: position 1 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Sample [VmssAutoscale.Model.MetricSample[]] in ByName: named
Sample [VmssAutoscale.Model.MetricSample[]] in ByResourceId: named
SamplePeriod [timespan] in __AllParameterSets: named
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
SubscriptionId [string] in ByName: named
TemplatePath [string] in __AllParameterSets: named
VMScaleSetName [string] in ByName: position 2 mandatory bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named alias Name
'@
        'Get-VmssDiagnosticsSample' = @'
default ByName
AllowKeyAccess [switch] in __AllParameterSets: named
ConnectionString [securestring] in __AllParameterSets: named
EndTime [System.Nullable[datetime]] in __AllParameterSets: named
Instance [string[]] in __AllParameterSets: named
LagTolerance [timespan] in __AllParameterSets: named
Last [System.Nullable[timespan]] in __AllParameterSets: named
MetricName [string[]] in __AllParameterSets: named
ResourceGroupName [string] in ByName: position 0 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named bypropertyname
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
SasToken [securestring] in __AllParameterSets: named
ScaleSetModel [string] in __AllParameterSets: named
Setting [VmssAutoscale.Model.AutoscaleSetting[]] in __AllParameterSets: named
SilentAfter [timespan] in __AllParameterSets: named
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
Source [VmssAutoscale.Cmdlets.DiagnosticsSampleSource] in __AllParameterSets: named
StartTime [System.Nullable[datetime]] in __AllParameterSets: named
StorageAccountName [string] in __AllParameterSets: named
SubscriptionId [string] in __AllParameterSets: named
Summary [switch] in __AllParameterSets: named
TableEndpoint [uri] in __AllParameterSets: named
TableFormat [VmssAutoscale.Sources.DiagnosticsTableFormat] in __AllParameterSets: named
TransferPeriod [System.Nullable[timespan]] in __AllParameterSets: named
VMScaleSetName [string] in ByName: position 1 mandatory bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named bypropertyname alias Name
'@
        'Get-VmssAutoscaleTarget' = @'
default ByName
ResourceGroupName [string] in ByName: position 0 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named bypropertyname
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
SubscriptionId [string] in __AllParameterSets: named
VMScaleSetName [string] in ByName: position 1 bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named bypropertyname alias Name
'@
        'Get-VmssAutoscaleRunHistory' = @'
default ByName
EndTime [System.Nullable[datetime]] in __AllParameterSets: named
IncludeLogs [switch] in __AllParameterSets: named
Last [System.Nullable[timespan]] in __AllParameterSets: named
ResourceGroupName [string] in ByName: position 0 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named bypropertyname
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
StartTime [System.Nullable[datetime]] in __AllParameterSets: named
SubscriptionId [string] in __AllParameterSets: named
VMScaleSetName [string] in ByName: position 1 mandatory bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named bypropertyname alias Name
'@
        'Get-VmssScaleEvent' = @'
default ByName
EndTime [System.Nullable[datetime]] in __AllParameterSets: named
Raw [switch] in __AllParameterSets: named
ResourceGroupName [string] in ByName: position 0 mandatory bypropertyname
ResourceGroupName [string] in Snapshot: named bypropertyname
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Snapshot [string] in ByResourceId: named
Snapshot [string] in Snapshot: named mandatory
StartTime [System.Nullable[datetime]] in __AllParameterSets: named
SubscriptionId [string] in __AllParameterSets: named
VMScaleSetName [string] in ByName: position 1 mandatory bypropertyname alias Name
VMScaleSetName [string] in Snapshot: named bypropertyname alias Name
'@
        'Get-VmssAutoscaleSetting' = @'
default List
Json [string] in Json: named mandatory
LiteralPath [string[]] in LiteralPath: named mandatory bypropertyname alias FullName,LP,PSPath
Name [string] in ByName: named mandatory
Path [string[]] in Path: position 0 mandatory pipeline bypropertyname
ResourceGroupName [string] in ByName: named mandatory
ResourceGroupName [string] in ByScaleSet: named mandatory
ResourceGroupName [string] in List: named
ResourceId [string] in ByResourceId: named mandatory bypropertyname alias Id
Snapshot [string] in ByName: named
Snapshot [string] in ByResourceId: named
Snapshot [string] in ByScaleSet: named
Snapshot [string] in List: named
SubscriptionId [string] in ByName: named
SubscriptionId [string] in ByResourceId: named
SubscriptionId [string] in ByScaleSet: named
SubscriptionId [string] in List: named
VMScaleSetName [string] in ByScaleSet: named mandatory
'@
        'Invoke-VmssManualScale' = @'
default ByNameCapacity
Capacity [double] in ByNameCapacity: named mandatory
Capacity [double] in ByResourceIdCapacity: named mandatory
Delta [double] in ByNameDelta: named mandatory
Delta [double] in ByResourceIdDelta: named mandatory
NoWait [switch] in __AllParameterSets: named
ResourceGroupName [string] in ByNameCapacity: position 0 mandatory bypropertyname
ResourceGroupName [string] in ByNameDelta: position 0 mandatory bypropertyname
ResourceId [string] in ByResourceIdCapacity: named mandatory bypropertyname alias Id
ResourceId [string] in ByResourceIdDelta: named mandatory bypropertyname alias Id
SubscriptionId [string] in __AllParameterSets: named
TimeoutSeconds [System.Nullable[int]] in __AllParameterSets: named
VMScaleSetName [string] in ByNameCapacity: position 1 mandatory bypropertyname alias Name
VMScaleSetName [string] in ByNameDelta: position 1 mandatory bypropertyname alias Name
'@
    }
    $cases = @($expected.GetEnumerator() | ForEach-Object { @{ Name = $_.Key; Expected = @($_.Value -split "`r?`n") } })
}

Describe 'Scale set target parameters' {
    It '<Name> binds as before' -TestCases $cases {
        param($Name, $Expected)
        @(Get-BindingShape $Name) | Should -Be $Expected
    }

    It 'every cmdlet that reads one scale set takes its target parameters from the base class' {
        foreach ($name in 'Debug-VmssAutoscale', 'Export-VmssAutoscaleReport', 'Get-VmssDiagnosticsSample', 'Get-VmssAutoscaleTarget', 'Get-VmssAutoscaleRunHistory', 'Get-VmssScaleEvent') {
            (Get-Command $name).ImplementingType.IsSubclassOf([VmssAutoscale.Cmdlets.ScaleSetCmdlet]) | Should -BeTrue -Because "$name takes a scale set"
        }
    }
}
