#Requires -Version 5.1
# Tests tools/HelpBuilder, the markdown-to-MAML converter, on small pages written to $TestDrive.
# It runs the already-built tool (dotnet build tools/HelpBuilder -c Release, which build.ps1 does).

BeforeAll {
    $script:HelpBuilderDll = Join-Path $PSScriptRoot '../../tools/HelpBuilder/bin/Release/net10.0/HelpBuilder.dll'
    if (-not (Test-Path $script:HelpBuilderDll)) {
        throw "HelpBuilder is not built at '$script:HelpBuilderDll'. Run: dotnet build tools/HelpBuilder -c Release"
    }

    # A complete, well-formed PlatyPS page; each malformed case below breaks one thing in it.
    $script:GoodCmdletPage = @'
---
external help file: HelpSample.dll-Help.xml
Module Name: HelpSample
online version: https://example.org/help/Get-HelpSample
schema: 2.0.0
---

# Get-HelpSample

## SYNOPSIS
Gets a sample scale set so the help pipeline can be tested.

## SYNTAX

### ByName (Default)
```
Get-HelpSample [-Name] <String> [-Kind <String>] [-Force] [<CommonParameters>]
```

### ById
```
Get-HelpSample -ResourceId <String> [-Kind <String>] [-Force] [<CommonParameters>]
```

## DESCRIPTION
The `Get-HelpSample` cmdlet returns a sample object. It exists only to test that markdown
becomes help that `Get-Help` can show.

## EXAMPLES

### Example 1: Get a sample by name
```powershell
Get-HelpSample -Name 'vmss-web'
```

```Output
Name     Kind
----     ----
vmss-web Linux
```

Gets the sample called vmss-web.

### Example 2: Get a sample by resource ID
```powershell
$id = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web'
Get-HelpSample -ResourceId $id -Kind Linux | ForEach-Object { '{0} {{not a placeholder}}' -f $_ }
```

Gets the sample by its resource ID.

## PARAMETERS

### -Force
Returns the sample even when it looks odd.

```yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### -Kind
The operating system of the sample.

```yaml
Type: String
Parameter Sets: (All)
Aliases: OsType
Accepted values: Windows, Linux

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -Name
The name of the scale set.

```yaml
Type: String
Parameter Sets: ByName
Aliases: VMScaleSetName

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -ResourceId
The full resource ID of the scale set.

```yaml
Type: String
Parameter Sets: ById
Aliases: Id

Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

## INPUTS

### System.String
You can pipe a name or a resource ID.

## OUTPUTS

### System.String
The name or ID that was asked for.

## NOTES
This cmdlet is a test double.

## RELATED LINKS

[about_HelpSample](about_HelpSample.md)

[Autoscale troubleshooting](https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-troubleshoot)
'@

    $script:ModulePage = @'
---
Module Name: HelpSample
Module Guid: 6f1f6c0e-3d1c-4a55-9a37-2a4c1b6a9c11
Download Help Link:
Help Version: 0.1.0
Locale: en-US
---

# HelpSample Module

## Description
A module that exists only to test the help pipeline.

## HelpSample Cmdlets

### [Get-HelpSample](Get-HelpSample.md)
Gets a sample scale set.
'@

    $script:AboutPage = @'
# about_HelpSample

## Short description
Explains the help sample module.

## Long description
The help sample has one cmdlet.
'@

    # Writes a docs folder (module page, about topic and the given cmdlet page) and runs the tool.
    function Invoke-HelpBuilder {
        param(
            [string] $CmdletPage = $script:GoodCmdletPage,
            [string] $ModulePage = $script:ModulePage,
            [string] $Name = [guid]::NewGuid().ToString('n')
        )
        $docs = Join-Path $TestDrive "$Name/docs"
        $out = Join-Path $TestDrive "$Name/out"
        New-Item -ItemType Directory -Path $docs -Force | Out-Null
        # Explicit UTF-8 and LF endings: the same bytes on Windows PowerShell 5.1 and PowerShell 7.
        $utf8 = New-Object System.Text.UTF8Encoding($false)
        [IO.File]::WriteAllText((Join-Path $docs 'Get-HelpSample.md'), ($CmdletPage -replace "`r`n", "`n"), $utf8)
        [IO.File]::WriteAllText((Join-Path $docs 'HelpSample.md'), ($ModulePage -replace "`r`n", "`n"), $utf8)
        [IO.File]::WriteAllText((Join-Path $docs 'about_HelpSample.md'), ($script:AboutPage -replace "`r`n", "`n"), $utf8)

        $output = & dotnet $script:HelpBuilderDll $docs $out 2>&1
        [pscustomobject]@{
            ExitCode  = $LASTEXITCODE
            Output    = ($output | Out-String)
            OutDir    = $out
            MamlPath  = Join-Path $out 'en-US/HelpSample.dll-Help.xml'
            AboutPath = Join-Path $out 'en-US/about_HelpSample.help.txt'
        }
    }

    # Runs PowerShell code in a new process of the same PowerShell. Under the dotnet local tool the
    # process is 'dotnet' itself and PowerShell's entry point (pwsh.dll) is its first argument.
    function Invoke-FreshPowerShell([string] $Command) {
        $exe = (Get-Process -Id $PID).Path
        $entry = @()
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
            $entry = @([Environment]::GetCommandLineArgs()[0])
        }
        # -EncodedCommand sidesteps native argument quoting, which differs between 5.1 and 7.
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
        $output = & $exe @entry -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
}

Describe 'HelpBuilder on a well-formed page' {
    BeforeAll {
        $script:run = Invoke-HelpBuilder -Name 'good'
        $script:maml = if (Test-Path $script:run.MamlPath) { [xml](Get-Content -Raw -Path $script:run.MamlPath) }
        $script:ns = New-Object System.Xml.XmlNamespaceManager($script:maml.NameTable)
        $script:ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $script:ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $script:ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $script:command = $script:maml.SelectSingleNode('//command:command', $script:ns)
    }

    It 'exits with 0' {
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }

    It 'writes MAML that loads as XML, with the command name, verb and noun' {
        $command.SelectSingleNode('command:details/command:name', $ns).InnerText | Should -Be 'Get-HelpSample'
        $command.SelectSingleNode('command:details/command:verb', $ns).InnerText | Should -Be 'Get'
        $command.SelectSingleNode('command:details/command:noun', $ns).InnerText | Should -Be 'HelpSample'
    }

    It 'carries the synopsis and the description' {
        $command.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText |
            Should -Be 'Gets a sample scale set so the help pipeline can be tested.'
        # Soft line breaks in markdown are joined, and the paragraph is wrapped between words at 76
        # columns: Get-Help prints it 4 columns in and would cut a longer line mid-word at 80.
        $command.SelectSingleNode('maml:description/maml:para', $ns).InnerText |
            Should -Be "The ``Get-HelpSample`` cmdlet returns a sample object. It exists only to test`nthat markdown becomes help that ``Get-Help`` can show."
    }

    It 'has both examples, with their code and remarks' {
        $examples = $command.SelectNodes('command:examples/command:example', $ns)
        $examples.Count | Should -Be 2
        $examples[0].SelectSingleNode('maml:title', $ns).InnerText | Should -Match '^-+ Example 1: Get a sample by name -+$'
        # An Output block is what the command prints: remarks, not code a user would paste.
        $examples[0].SelectSingleNode('dev:code', $ns).InnerText | Should -Be "Get-HelpSample -Name 'vmss-web'"
        # Printed as the console wrote it, not indented: Get-Help indents every line of it by 4 alike.
        ($examples[0].SelectNodes('dev:remarks/maml:para', $ns) | ForEach-Object InnerText) -join "`n" | Should -Match '(?m)^vmss-web Linux'
        # Doubled braces in a format string are code, not a PlatyPS '{{ placeholder }}'.
        $examples[1].SelectSingleNode('dev:code', $ns).InnerText | Should -Match '(?m)^Get-HelpSample -ResourceId \$id -Kind Linux \| ForEach-Object \{ ''\{0\} \{\{not a placeholder\}\}'' -f \$_ \}$'
        $examples[1].SelectSingleNode('dev:remarks/maml:para', $ns).InnerText | Should -Be 'Gets the sample by its resource ID.'
    }

    It 'documents every parameter, without CommonParameters, with its metadata' {
        $parameters = $command.SelectNodes('command:parameters/command:parameter', $ns)
        @($parameters | ForEach-Object { $_.SelectSingleNode('maml:name', $ns).InnerText }) |
            Should -Be @('Force', 'Kind', 'Name', 'ResourceId')
        $name = $parameters | Where-Object { $_.SelectSingleNode('maml:name', $ns).InnerText -eq 'Name' }
        $name.required | Should -Be 'true'
        $name.position | Should -Be '0'
        $name.pipelineInput | Should -Be 'True (ByPropertyName)'
        $name.aliases | Should -Be 'VMScaleSetName'
        $name.SelectSingleNode('dev:type/maml:name', $ns).InnerText | Should -Be 'String'
        $name.SelectSingleNode('dev:defaultValue', $ns).InnerText | Should -Be 'None'
    }

    It 'builds one syntax item per parameter set, in the SYNTAX order' {
        $items = $command.SelectNodes('command:syntax/command:syntaxItem', $ns)
        $items.Count | Should -Be 2
        $names = { param($item) @($item.SelectNodes('command:parameter/maml:name', $ns) | ForEach-Object InnerText) }
        & $names $items[0] | Should -Be @('Name', 'Force', 'Kind')
        & $names $items[1] | Should -Be @('ResourceId', 'Force', 'Kind')
        # Accepted values become the {Windows | Linux} choice in the syntax line.
        @($items[0].SelectNodes("command:parameter[maml:name='Kind']/command:parameterValueGroup/command:parameterValue", $ns) |
            ForEach-Object InnerText) | Should -Be @('Windows', 'Linux')
    }

    It 'puts the online version first in the related links and drops relative link targets' {
        $links = $command.SelectNodes('maml:relatedLinks/maml:navigationLink', $ns)
        $links[0].SelectSingleNode('maml:uri', $ns).InnerText | Should -Be 'https://example.org/help/Get-HelpSample'
        $links[1].SelectSingleNode('maml:linkText', $ns).InnerText | Should -Be 'about_HelpSample'
        $links[1].SelectSingleNode('maml:uri', $ns).InnerText | Should -BeNullOrEmpty
    }

    It 'writes the about topic as plain text with its SHORT DESCRIPTION' {
        $text = Get-Content -Raw -Path $run.AboutPath
        $text | Should -Match '(?m)^TOPIC\r?\n    about_HelpSample'
        $text | Should -Match '(?m)^SHORT DESCRIPTION\r?\n    Explains the help sample module\.'
    }
}

Describe 'HelpBuilder on malformed pages' {
    It 'fails on a missing SYNOPSIS, naming the file, line and section' {
        $page = $GoodCmdletPage -replace '(?s)## SYNOPSIS.*?(?=## SYNTAX)', ''
        $run = Invoke-HelpBuilder -CmdletPage $page
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'Get-HelpSample\.md:\d+: error: section ''## SYNOPSIS'' is missing'
        Test-Path $run.MamlPath | Should -BeFalse -Because 'nothing is written when the docs have problems'
    }

    It 'fails on an empty DESCRIPTION' {
        $page = $GoodCmdletPage -replace '(?s)(## DESCRIPTION\r?\n).*?(?=## EXAMPLES)', "`$1`n"
        $run = Invoke-HelpBuilder -CmdletPage $page
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'Get-HelpSample\.md:\d+: error: section ''## DESCRIPTION'' of ''Get-HelpSample'' is empty'
    }

    It 'fails when there is only one example' {
        $page = $GoodCmdletPage -replace '(?s)### Example 2.*?(?=## PARAMETERS)', ''
        $run = Invoke-HelpBuilder -CmdletPage $page
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'Get-HelpSample\.md:\d+: error: ''## EXAMPLES'' has 1 example\(s\); every cmdlet needs at least two'
    }

    It 'fails on a parameter without its yaml block' {
        $page = $GoodCmdletPage -replace '(?s)(### -Name\r?\nThe name of the scale set\.\r?\n)\r?\n```yaml.*?```', '$1'
        $run = Invoke-HelpBuilder -CmdletPage $page
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'Get-HelpSample\.md:\d+: error: parameter ''-Name'' has no ```yaml block'
    }

    It 'fails on a PlatyPS placeholder left in the text' {
        $page = $GoodCmdletPage -replace 'The operating system of the sample\.', '{{ Fill Kind Description }}'
        $run = Invoke-HelpBuilder -CmdletPage $page
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'Get-HelpSample\.md:\d+: error: parameter ''-Kind'' still contains a PlatyPS placeholder'
    }

    It 'fails when the module page does not list the cmdlet' {
        $module = $ModulePage -replace '(?s)### \[Get-HelpSample\].*', "### [Get-Other](Get-Other.md)`nGets something else.`n"
        $run = Invoke-HelpBuilder -ModulePage $module
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'HelpSample\.md:\d+: error: cmdlet page ''Get-HelpSample\.md'' is not listed'
        # Listing a cmdlet without a page is only a warning: the page names planned cmdlets early.
        $run.Output | Should -Match 'HelpSample\.md:\d+: warning: the module page lists ''Get-Other'' but there is no cmdlet page'
    }

    It 'only warns about a module page entry that has no cmdlet page yet' {
        $module = $ModulePage + "`n### [Get-Planned](Get-Planned.md)`nA cmdlet that is not written yet.`n"
        $run = Invoke-HelpBuilder -ModulePage $module
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'HelpSample\.md:\d+: warning: the module page lists ''Get-Planned'' but there is no cmdlet page'
        Test-Path $run.MamlPath | Should -BeTrue
    }

    It 'exits with 2 and prints usage when the arguments are wrong' {
        $output = & dotnet $HelpBuilderDll 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 2
        $output | Should -Match 'usage: HelpBuilder <docsDir> <moduleOutDir>'
    }
}

Describe 'Get-Help reads the MAML that HelpBuilder writes' {
    # A real binary cmdlet, compiled in a fresh process so nothing is loaded into this session,
    # proves the MAML shape against Get-Help itself, independent of the module's own build.
    BeforeAll {
        $run = Invoke-HelpBuilder -Name 'gethelp'
        $moduleDir = $run.OutDir
        $source = @'
using System.Management.Automation;
namespace HelpSample
{
    [Cmdlet(VerbsCommon.Get, "HelpSample", DefaultParameterSetName = "ByName")]
    public sealed class GetHelpSampleCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipelineByPropertyName = true)]
        [Alias("VMScaleSetName")]
        public string Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ById", ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string ResourceId { get; set; }

        [Parameter]
        [ValidateSet("Windows", "Linux")]
        [Alias("OsType")]
        public string Kind { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() { WriteObject(Name ?? ResourceId); }
    }
}
'@
        $script:help = Invoke-FreshPowerShell @"
`$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
$source
'@ -OutputAssembly '$moduleDir/HelpSample.dll' -OutputType Library
Import-Module '$moduleDir/HelpSample.dll'
'=== FULL ==='
Get-Help Get-HelpSample -Full | Out-String -Width 4096
'=== EXAMPLES ==='
Get-Help Get-HelpSample -Examples | Out-String -Width 4096
'=== ABOUT ==='
Get-Help about_HelpSample | Out-String -Width 4096
"@
    }

    It 'shows the synopsis and the two syntax lines' {
        $help.ExitCode | Should -Be 0 -Because $help.Output
        $help.Output | Should -Match 'Gets a sample scale set so the help pipeline can be tested\.'
        $help.Output | Should -Match 'Get-HelpSample \[-Name\] <String> \[-Force\] \[-Kind \{Windows \| Linux\}\]'
        $help.Output | Should -Match 'Get-HelpSample -ResourceId <String> \[-Force\] \[-Kind \{Windows \| Linux\}\]'
    }

    It 'shows every parameter with its description' {
        foreach ($line in '-Name <String>', 'The name of the scale set.', '-ResourceId <String>', '-Kind <String>', '-Force') {
            $help.Output | Should -Match ([regex]::Escape($line))
        }
    }

    It 'shows the examples'' code with -Examples' {
        $examples = ($help.Output -split '=== EXAMPLES ===')[1]
        $examples | Should -Match ([regex]::Escape("Get-HelpSample -Name 'vmss-web'"))
        $examples | Should -Match ([regex]::Escape('Get-HelpSample -ResourceId $id -Kind Linux'))
    }

    It 'finds the about topic' {
        ($help.Output -split '=== ABOUT ===')[1] | Should -Match 'Explains the help sample module\.'
    }
}
