# A bundle a customer sent can hold names with terminal escape sequences. None may reach the
# console (views, warnings, errors) or the report: every data string is cleaned at the edge.
BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VmssAutoscale/VmssAutoscale.psd1" -Force
    $esc = [char]27
    $bell = [char]7
    $script:hostile = "$esc]0;pwned$bell$esc[2J$esc[31m"
    $script:bundle = Join-Path $TestDrive 'hostile'
    New-Item -ItemType Directory -Path $script:bundle | Out-Null
    $json = Get-Content -Raw (Join-Path $PSScriptRoot '../../examples/healthy/snapshot.json')
    # Names of the profile and the setting, and the description; ConvertTo-Json writes ESC as \u001b.
    $escaped = ($script:hostile | ConvertTo-Json).Trim('"')
    # Each plant must take: a renamed example would otherwise leave a clean bundle and every test
    # below would pass without having seen an escape sequence.
    foreach ($plant in @(
            @('"name": "Auto created scale condition"', ('"name": "Auto created' + $escaped + ' scale condition"')),
            @('"name": "vmss-healthy-autoscale"', ('"name": "vmss-healthy-autoscale' + $escaped + '"')),
            @('"description": "A healthy', ('"description": "' + $escaped + 'A healthy')))) {
        $json.Contains($plant[0]) | Should -BeTrue -Because "the example must hold $($plant[0]) for the plant to take"
        $json = $json.Replace($plant[0], $plant[1])
    }
    Set-Content -Path (Join-Path $script:bundle 'snapshot.json') -Value $json -Encoding utf8NoBOM
    # The planted text reads back as escape sequences, so the cmdlets really get them.
    $read = Get-Content -Raw (Join-Path $script:bundle 'snapshot.json') | ConvertFrom-Json -Depth 100
    $read.description.StartsWith($script:hostile) | Should -BeTrue
    $read.autoscaleSettings[0].name | Should -Be "vmss-healthy-autoscale$script:hostile"
    $read.autoscaleSettings[0].properties.profiles[0].name | Should -Be "Auto created$script:hostile scale condition"

    function Test-Clean([string] $Text) {
        $Text.IndexOf([char]27) | Should -Be -1
        $Text.IndexOf([char]7) | Should -Be -1
    }
}

Describe 'Escape sequences from a bundle never reach the console or the report' {
    It 'Get-VmssAutoscaleSetting output and its default view' {
        $s = Get-VmssAutoscaleSetting -Snapshot $script:bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy
        $s | Should -Not -BeNullOrEmpty
        # The planted name arrives, cleaned: its visible part is kept, the escape sequence is not.
        $s.Name | Should -Match 'vmss-healthy-autoscale.*pwned'
        $s.Profiles[0].Name | Should -Match 'pwned'
        Test-Clean $s.Name
        Test-Clean $s.Profiles[0].Name
        Test-Clean ($s | Out-String)
        Test-Clean ($s | Format-List * | Out-String)
    }

    It 'Debug-VmssAutoscale output, warnings and verbose text' {
        $d = Debug-VmssAutoscale -Snapshot $script:bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy -WarningVariable w -WarningAction SilentlyContinue -Verbose 4>&1
        Test-Clean ($d | Out-String)
        Test-Clean (($w | ForEach-Object { "$_" }) -join "`n")
    }

    It 'Export-VmssAutoscaleReport writes a report without them' {
        $out = Join-Path $TestDrive 'export'
        $null = Export-VmssAutoscaleReport -Path $out -Snapshot $script:bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy
        Test-Clean (Get-Content -Raw (Join-Path $out 'report.html'))
    }

    It 'an error message that quotes a hostile name' {
        $null = Get-VmssAutoscaleTarget -Snapshot $script:bundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName "missing$script:hostile" -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -Not -BeNullOrEmpty
        Test-Clean $err[0].Exception.Message
        Test-Clean ($err[0] | Out-String)
    }
}

# Issue 12, item 9: a setting whose capacity the service would reject (here minimum 12 above
# maximum 10, as a hand-edited bundle or file can hold) gets a Fail finding, never a replayed decision.
Describe 'A setting the service rejects is refused by the engine' {
    BeforeAll {
        $script:rejected = Join-Path $TestDrive 'rejected'
        New-Item -ItemType Directory -Path $script:rejected | Out-Null
        $json = Get-Content -Raw (Join-Path $PSScriptRoot '../../examples/healthy/snapshot.json')
        $json.Contains('"minimum": "2",') | Should -BeTrue
        $json = $json.Replace('"minimum": "2",', '"minimum": "12",')
        Set-Content -Path (Join-Path $script:rejected 'snapshot.json') -Value $json -Encoding utf8NoBOM
    }

    It 'Debug-VmssAutoscale fails the AutoscaleSetting check and replays no decision' {
        $d = Debug-VmssAutoscale -Snapshot $script:rejected -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy -ErrorVariable err -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $finding = $d.Findings | Where-Object Check -EQ 'AutoscaleSetting'
        $finding.Status | Should -Be 'Fail'
        $finding.Reason | Should -Be 'SettingRejectedByService'
        $finding.Summary | Should -Match 'minimum 12 is greater than maximum 10'
        $d.DesiredCapacity | Should -BeNullOrEmpty
        $d.EngineReason | Should -BeNullOrEmpty
        ($d.Conditions | Where-Object Type -EQ 'AbleToScale').Reason | Should -Be 'SettingRejectedByService'
    }

    It 'Export-VmssAutoscaleReport still writes the bundle and its report' {
        $out = Join-Path $TestDrive 'rejected-export'
        $r = Export-VmssAutoscaleReport -Path $out -Snapshot $script:rejected -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-healthy -WarningAction SilentlyContinue
        $r.FailCount | Should -BeGreaterThan 0
        Get-Content -Raw (Join-Path $out 'report.html') | Should -Match 'SettingRejectedByService|the service rejects'
    }

}
