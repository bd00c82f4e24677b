#Requires -Version 5.1
# Issue 20 item 7: CONTRIBUTING.md lists the files each kind of change touches, counted against
# the tree. This keeps the page true: every path it names exists (a new file's folder, for a
# <Name> file), each "Files (N):" matches its numbered items, and the goals hold.

BeforeDiscovery {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $text = Get-Content -Raw (Join-Path $script:Root 'CONTRIBUTING.md')
    $script:Sections = foreach ($m in [regex]::Matches($text, '(?ms)^## (Add a [a-z ]+)\n(.*?)(?=^## |\z)')) {
        $body = $m.Groups[2].Value
        $declared = [regex]::Match($body, 'Files \((\d+)\):')
        # One numbered item per file: its first backticked path (a token with a slash, or a root file).
        $items = @([regex]::Matches($body, '(?ms)^\d+\. (.*?)(?=^\d+\. |^\s*$)') | ForEach-Object {
                $paths = @([regex]::Matches($_.Groups[1].Value, '`([^`\s]+)`') | ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -match '/' -or $_ -match '^[\w.]+\.(psd1|md)$' })
                $paths[0]
            })
        @{ Name = $m.Groups[1].Value; Declared = [int] $declared.Groups[1].Value; Items = $items; Paths = @([regex]::Matches($body, '`([^`\s]+/[^`\s]*)`') | ForEach-Object { $_.Groups[1].Value } | Select-Object -Unique) }
    }
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Goals = @{ 'Add a read' = 6; 'Add a check' = 4 }
}

Describe 'CONTRIBUTING.md' {
    It 'has the four sections' {
        @($Sections.Name) | Should -Be @('Add a read', 'Add a check', 'Add a template rule', 'Add a cmdlet')
    }

    It '<Name>: "Files (<Declared>)" counts one numbered item per file' -ForEach $Sections {
        $Items | Should -HaveCount $Declared
        $Items | ForEach-Object { $_ | Should -Not -BeNullOrEmpty }
    }

    It '<Name>: every file it names exists in the tree (a new file: its folder)' -ForEach $Sections {
        foreach ($path in @($Paths) + @($Items)) {
            $existing = if ($path -match '<') { Split-Path -Parent ($path -replace '<.*$', 'x') } else { $path }
            Test-Path (Join-Path $Root $existing) | Should -BeTrue -Because "CONTRIBUTING.md names '$path'"
        }
    }

    It '<Name>: within its goal' -ForEach $Sections {
        if ($Goals.ContainsKey($Name)) { $Declared | Should -BeLessOrEqual $Goals[$Name] }
    }
}
