#Requires -Version 5.1
# Checks the help of the BUILT module (out/VmssAutoscale, written by build.ps1): every exported
# cmdlet has a complete PlatyPS page in docs/, and Get-Help shows what the page says.

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifest = Join-Path $repoRoot 'out/VmssAutoscale/VmssAutoscale.psd1'
    # Discovery needs the cmdlet list to generate one block per cmdlet. Without a build the list
    # is empty and the 'module is built' test below fails with the reason.
    $cmdlets = @()
    if (Test-Path $manifest) {
        Import-Module $manifest -Force
        $cmdlets = @((Get-Module VmssAutoscale).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
    }
}

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Manifest = Join-Path $script:RepoRoot 'out/VmssAutoscale/VmssAutoscale.psd1'
    $script:DocsDir = Join-Path $script:RepoRoot 'docs'
    # PlatyPS placeholders read '{{ Fill in the Synopsis }}'; '{{0}}' in a format string is code.
    $script:Placeholder = '\{\{\s[^{}]*\}\}'

    # The parameters every cmdlet gets from PowerShell; Get-Help documents them itself.
    $script:ImplicitParameters = @(
        [System.Management.Automation.PSCmdlet]::CommonParameters
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    )

    # A small reader for the parts of a PlatyPS page these tests need: '## SECTION' bodies,
    # '### Example' code blocks and '### -Parameter' headings. Fences are tracked so a '#'
    # comment inside example code is not taken for a heading.
    function Read-HelpPage([string] $Path) {
        $sections = [ordered]@{}
        $current = $null
        $inFence = $false
        foreach ($line in Get-Content -Path $Path) {
            if ($line -match '^\s*(```|~~~)') {
                $inFence = -not $inFence
            }
            elseif (-not $inFence -and $line -match '^##\s+(.+?)\s*$') {
                $current = $Matches[1].ToUpperInvariant()
                $sections[$current] = New-Object System.Collections.Generic.List[string]
                continue
            }
            if ($current) {
                $sections[$current].Add($line)
            }
        }

        $examples = New-Object System.Collections.Generic.List[object]
        $code = $null
        $inFence = $false
        foreach ($line in @($sections['EXAMPLES'])) {
            if ($line -match '^\s*(```|~~~)') {
                $inFence = -not $inFence
                if ($inFence) { $code = New-Object System.Collections.Generic.List[string] }
                elseif ($examples.Count -gt 0) { $examples[$examples.Count - 1].Code += , ($code -join "`n") }
            }
            elseif ($inFence) {
                $code.Add($line)
            }
            elseif ($line -match '^###\s+(.+?)\s*$') {
                $examples.Add([pscustomobject]@{ Title = $Matches[1]; Code = @() })
            }
        }

        $parameters = New-Object System.Collections.Generic.List[string]
        $inFence = $false
        foreach ($line in @($sections['PARAMETERS'])) {
            if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
            elseif (-not $inFence -and $line -match '^###\s+-(\S+)') { $parameters.Add($Matches[1]) }
        }

        $text = { param($name) (@($sections[$name]) -join "`n").Trim() }
        [pscustomobject]@{
            Synopsis    = & $text 'SYNOPSIS'
            Description = & $text 'DESCRIPTION'
            Examples    = $examples.ToArray()
            Parameters  = $parameters.ToArray()
        }
    }

    # Collapses runs of whitespace so console wrapping and indentation do not matter.
    function Compress-Whitespace([string] $Text) { ($Text -replace '\s+', ' ').Trim() }

    # Runs PowerShell code in a new process of the same PowerShell. Under the dotnet local tool
    # the process is 'dotnet' itself, so '& (Get-Process -Id $PID).Path' alone would run dotnet;
    # PowerShell's entry point (pwsh.dll) is then the first command-line argument.
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

    if (Test-Path $script:Manifest) {
        Import-Module $script:Manifest -Force
        $script:Exported = @((Get-Module VmssAutoscale).ExportedCmdlets.Keys | Sort-Object)

        # Get-Help -Examples for every cmdlet, from a process that has never loaded the module or
        # its help before: what a user who just installed the module sees. One process for all
        # cmdlets keeps the test fast; the results come back through a JSON file.
        $examplesFile = Join-Path $TestDrive 'examples.json'
        $script:FreshRun = Invoke-FreshPowerShell @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:Manifest -replace "'", "''")'
`$help = [ordered]@{}
foreach (`$name in (Get-Module VmssAutoscale).ExportedCmdlets.Keys) {
    `$help[`$name] = Get-Help `$name -Examples | Out-String -Width 4096
}
`$help | ConvertTo-Json | Set-Content -Path '$($examplesFile -replace "'", "''")' -Encoding UTF8
"@
        $script:FreshExamples = @{}
        if (Test-Path $examplesFile) {
            $json = Get-Content -Raw -Path $examplesFile | ConvertFrom-Json
            foreach ($property in $json.PSObject.Properties) { $script:FreshExamples[$property.Name] = $property.Value }
        }
    }
}

Describe 'Help of the built VmssAutoscale module' {
    It 'is built at out/VmssAutoscale' {
        Test-Path $Manifest | Should -BeTrue -Because "these tests check the built module; run build.ps1 first ($Manifest)"
    }

    It 'exports cmdlets' {
        $Exported.Count | Should -BeGreaterThan 0
    }

    It 'lists every exported cmdlet on the module page docs/VmssAutoscale.md' {
        $modulePage = Join-Path $DocsDir 'VmssAutoscale.md'
        Test-Path $modulePage | Should -BeTrue -Because 'the module page is the table of contents of the help'
        $listed = @(Get-Content -Path $modulePage | Where-Object { $_ -match '^###\s+\[([^\]]+)\]\(([^)]+)\)' } | ForEach-Object { $Matches[1] })
        foreach ($name in $Exported) {
            $listed | Should -Contain $name -Because "the module page must list '### [$name]($name.md)'"
        }
    }

    It 'has no cmdlet page for a cmdlet the module does not export' {
        $pages = @(Get-ChildItem -Path $DocsDir -Filter '*-*.md' | ForEach-Object BaseName)
        foreach ($page in $pages) {
            $Exported | Should -Contain $page -Because "docs/$page.md documents a cmdlet the module does not export (renamed or removed?)"
        }
    }

    It 'gets the examples from a fresh process' {
        $FreshRun.ExitCode | Should -Be 0 -Because $FreshRun.Output
    }
}

Describe '<Name>' -ForEach $cmdlets {
    BeforeAll {
        $pagePath = Join-Path $DocsDir "$Name.md"
        $page = if (Test-Path $pagePath) { Read-HelpPage $pagePath }
        $command = Get-Command -Name $Name -Module VmssAutoscale
        $parameters = @($command.Parameters.Keys | Where-Object { $ImplicitParameters -notcontains $_ })
        $fullHelp = Get-Help -Name $Name -Full
        $fullHelpText = $fullHelp | Out-String -Width 4096
    }

    It 'has a page docs/<Name>.md' {
        Test-Path $pagePath | Should -BeTrue
    }

    It 'has a real synopsis and description in its page' {
        $page.Synopsis | Should -Not -BeNullOrEmpty
        $page.Synopsis | Should -Not -Match $Placeholder
        $page.Description | Should -Not -BeNullOrEmpty
        $page.Description | Should -Not -Match $Placeholder
    }

    It 'has at least two examples, each with code' {
        @($page.Examples).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $page.Examples) {
            ($example.Code -join '').Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.Title)' needs code"
            ($example.Code -join "`n") | Should -Not -Match $Placeholder
        }
    }

    It 'documents every parameter in its page' {
        foreach ($parameter in $parameters) {
            $page.Parameters | Should -Contain $parameter -Because "docs/$Name.md needs a '### -$parameter' entry"
        }
    }

    It 'gets its synopsis and description from the MAML, not generated help' {
        # Without MAML, Get-Help invents a synopsis from the syntax line and has no description.
        $fullHelp.Synopsis | Should -Not -BeNullOrEmpty
        $fullHelp.Synopsis | Should -Not -BeLike "$Name *" -Because 'a synopsis that is the syntax line means Get-Help found no MAML'
        ($fullHelp.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because 'generated help has no description'
        (Compress-Whitespace $fullHelp.Synopsis) | Should -BeLike ((Compress-Whitespace $page.Synopsis).Split(' ')[0] + '*')
    }

    It 'shows every parameter with a description in Get-Help -Full' {
        foreach ($parameter in $parameters) {
            $entry = @($fullHelp.parameters.parameter) | Where-Object { $_.name -eq $parameter }
            $entry | Should -Not -BeNullOrEmpty -Because "Get-Help $Name -Full must document -$parameter"
            ($entry.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description in the help"
            $fullHelpText | Should -Match ('-' + [regex]::Escape($parameter) + '\b')
        }
    }

    It 'shows the examples'' code with Get-Help -Examples in a fresh process' {
        $shown = Compress-Whitespace $FreshExamples[$Name]
        foreach ($example in $page.Examples) {
            foreach ($code in $example.Code) {
                $shown | Should -BeLike ('*' + [WildcardPattern]::Escape((Compress-Whitespace $code)) + '*') -Because "example '$($example.Title)' must appear in Get-Help $Name -Examples"
            }
        }
    }
}

# The offline cmdlets' examples must work when pasted at the repository root, as a new user does.
# Examples that reach Azure (no './' path in their code) are left to the live tests. Only the
# first fence is run: a second one is the sample output.
Describe 'The offline examples of <Name> run from the repository root' -ForEach @(
    @{ Name = 'Get-VmssAutoscaleSetting' }, @{ Name = 'Test-VmssAutoscaleThreshold' },
    @{ Name = 'Invoke-VmssAutoscaleSimulation' }, @{ Name = 'Test-VmssAutoscaleTemplate' }
) {
    BeforeAll {
        $page = Read-HelpPage (Join-Path $DocsDir "$Name.md")
    }

    It 'runs every example that reads local files without an error' {
        $offline = @($page.Examples | Where-Object { $_.Code[0] -match '\./' })
        $offline | Should -Not -BeNullOrEmpty
        Push-Location $RepoRoot
        try {
            foreach ($example in $offline) {
                $failure = $null
                try {
                    # Stop turns every non-terminating error of the example into one we can see.
                    $ErrorActionPreference = 'Stop'
                    $WarningPreference = 'SilentlyContinue'
                    $null = & ([scriptblock]::Create($example.Code[0]))
                }
                catch {
                    $failure = "$($_.FullyQualifiedErrorId): $_"
                }
                finally {
                    $ErrorActionPreference = 'Continue'
                }
                $failure | Should -BeNullOrEmpty -Because "example '$($example.Title)' must run as written"
            }
        }
        finally {
            Pop-Location
        }
    }
}
