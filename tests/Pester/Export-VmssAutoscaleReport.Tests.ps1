BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force
}

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1'
    Import-Module $manifest -Force
    Import-Module (Join-Path $PSScriptRoot 'TestUtils.psm1') -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    $script:Results = Join-Path $PSScriptRoot '../../out/test-results'
    New-Item -ItemType Directory -Force -Path $script:Results | Out-Null

    Import-Module (Join-Path $PSScriptRoot 'Prerequisites.psm1') -Force

    function Invoke-Chromium([string] $Chromium, [string[]] $Arguments) {
        $profile = Join-Path $TestDrive ("chromium-" + [guid]::NewGuid().ToString("N"))
        $common = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', "--user-data-dir=$profile")
        try {
            & $Chromium @common @Arguments 2>$null
        } finally {
            Remove-Item -Recurse -Force $profile -ErrorAction Ignore
        }
    }
}

Describe 'Export-VmssAutoscaleReport' {
    BeforeAll {
        $script:Out = Join-Path $TestDrive 'flapping'
        $script:Bundle = Export-VmssAutoscaleReport -Snapshot (Join-Path $Examples 'thresholds-50-50-flapping') -Path $Out
    }

    It 'writes snapshot.json and report.html and says what it wrote' {
        $Bundle.PSObject.TypeNames | Should -Contain 'VmssAutoscale.Reports.ReportBundle'
        Test-Path $Bundle.SnapshotPath | Should -BeTrue
        Test-Path $Bundle.ReportPath | Should -BeTrue
        $Bundle.VMScaleSetName | Should -Be 'vmss-thresholds-50-50'
        $Bundle.FailCount | Should -BeGreaterThan 0
    }

    It 'writes a bundle that gives the same findings as the run that wrote it' {
        $before = Debug-VmssAutoscale -Snapshot (Join-Path $Examples 'thresholds-50-50-flapping') | Where-Object { $_ -is [VmssAutoscale.Model.Finding] } | ForEach-Object ToString
        $after = Debug-VmssAutoscale -Snapshot $Out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] } | ForEach-Object ToString
        $after | Should -Be $before
    }

    It 'records the module version and marks the bundle as redacted' {
        $json = Get-Content -Raw $Bundle.SnapshotPath | ConvertFrom-Json
        $json.format | Should -Be 'VmssAutoscale.Snapshot'
        $json.redacted | Should -BeTrue
        $json.moduleVersion | Should -Not -BeNullOrEmpty
        $json.scaleSets[0].findings.Count | Should -BeGreaterThan 0
    }

    It 'keeps secrets of the source out of the bundle' {
        $out2 = Join-Path $TestDrive 'silent'
        $b = Export-VmssAutoscaleReport -Snapshot (Join-Path $Examples 'diagnostics-extension-silent') -Path $out2
        $text = Get-Content -Raw $b.SnapshotPath
        $text | Should -Match '"storageAccountKey": "\[REDACTED\]"'
        $text | Should -Not -Match 'q3Yd9fJ2LkV8'
    }

    It 'refuses to overwrite without -Force and writes nothing with -WhatIf' {
        { Export-VmssAutoscaleReport -Snapshot (Join-Path $Examples 'healthy') -Path $Out -ErrorAction Stop } | Should -Throw -ExpectedMessage '*already holds a bundle*'
        $whatIf = Join-Path $TestDrive 'whatif'
        # What-if lines go straight to the host; a capturing host reads them back, off the test log.
        $run = Invoke-HostCaptured { param($Bundle, $Path) Export-VmssAutoscaleReport -Snapshot $Bundle -Path $Path -WhatIf } -ArgumentList (Join-Path $Examples 'healthy'), $whatIf
        $run.Errors | Should -BeNullOrEmpty
        $run.HostLines | Should -Match "^What if: .*Write snapshot.json and report.html for vmss-healthy"
        Test-Path (Join-Path $whatIf 'report.html') | Should -BeFalse
    }

    It 'writes a report that loads nothing from the network' {
        $html = Get-Content -Raw $Bundle.ReportPath
        $html | Should -Not -Match '<script'
        $html | Should -Not -Match '<link'
        $html | Should -Not -Match '(src|href)="https?://'
        $html | Should -Not -Match '@import|url\('
        $html | Should -Match '<svg[^>]*class="chart metric-chart"'
    }

    It 'renders in headless Chromium with the charts, findings and conditions' -Tag 'Needs:Chromium' -Skip:(Test-PrerequisiteMissing Chromium) {
        $chromium = Get-ChromiumBrowser
        $uri = [System.Uri]::new((Resolve-Path $Bundle.ReportPath).Path).AbsoluteUri
        $screenshot = Join-Path $Results 'report-thresholds-50-50-flapping.png'
        Remove-Item $screenshot -ErrorAction Ignore
        Invoke-Chromium $chromium @('--window-size=1100,2200', "--screenshot=$screenshot", $uri) | Out-Null
        Test-Path $screenshot | Should -BeTrue
        (Get-Item $screenshot).Length | Should -BeGreaterThan 20000

        $dom = (Invoke-Chromium $chromium @('--dump-dom', $uri)) -join "`n"
        $dom | Should -Match '<svg[^>]*class="chart metric-chart"'
        $dom | Should -Match '<svg[^>]*class="chart capacity-chart"'
        ([regex]::Matches($dom, 'class="instance-line"')).Count | Should -Be 3
        $dom | Should -Match 'class="band band-out"'
        $dom | Should -Match 'class="band band-in"'
        $dom | Should -Match 'class="actual-capacity"'
        $dom | Should -Match 'class="simulated-capacity"'
        ([regex]::Matches($dom, 'class="scale-event"')).Count | Should -BeGreaterThan 0
        $dom | Should -Match 'data-reason="FlappingSuppressed"'
        $dom | Should -Match 'class="finding fail" data-check="ThresholdGap"'
    }
}
