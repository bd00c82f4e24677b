<#
.SYNOPSIS
    Regenerates the example bundles (snapshot.json and report.html in each folder) from
    tests/VmssAutoscale.Tests/Diagnosis/ExampleScenarios.cs.

.DESCRIPTION
    The test ExamplesTests.Committed_examples_are_up_to_date fails when a bundle differs from
    what the generator makes; run this script after changing the scenarios or the snapshot
    format, and commit the result. Every bundle carries its setting's run history (derived from the
    bundle's own samples and scale events where a scenario gives none), and ExamplesTests fails when
    a committed bundle is older than the snapshot format the module writes.
#>
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$env:VMSSAUTOSCALE_WRITE_EXAMPLES = '1'
try {
    dotnet test (Join-Path $root 'tests/VmssAutoscale.Tests/VmssAutoscale.Tests.csproj') -c Release -nologo --filter 'FullyQualifiedName~ExamplesTests.Committed_examples_are_up_to_date'
    if ($LASTEXITCODE -ne 0) { throw "Generating the examples failed (exit code $LASTEXITCODE)." }
} finally {
    Remove-Item Env:VMSSAUTOSCALE_WRITE_EXAMPLES
}
