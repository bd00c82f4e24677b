BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VmssAutoscale/VmssAutoscale.psd1" -Force
    $fixtures = Join-Path $PSScriptRoot '../fixtures/templates'
}

Describe 'Test-VmssAutoscaleTemplate' {
    It 'declares its output type and exports' {
        $cmd = Get-Command Test-VmssAutoscaleTemplate
        $cmd.OutputType.Type | Should -Contain ([VmssAutoscale.Model.TemplateFinding])
    }

    It 'yields no findings for a clean template' {
        @(Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'clean-windows-wad.json')) | Should -HaveCount 0
    }

    It 'reports <Rule> with a line and JSON path, and not on the near-identical template' -ForEach @(
        @{ Rule = 'ThresholdsTooClose' }, @{ Rule = 'GuestMetricWrongOs' }, @{ Rule = 'MissingDependsOn' }, @{ Rule = 'CounterNotCollected' }, @{ Rule = 'PredictiveNeedsCpuRule' },
        @{ Rule = 'FixedDateTooLong' }, @{ Rule = 'ScaleActionValueBelowOne' }, @{ Rule = 'MultipleDefaultProfiles' }
    ) {
        $bad = Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures "$Rule.bad.json") | Where-Object RuleName -EQ $Rule
        $bad | Should -Not -BeNullOrEmpty
        $bad[0].Line | Should -BeGreaterThan 0
        $bad[0].Path | Should -Match '^resources\['
        $bad[0].PSObject.TypeNames | Should -Contain 'VmssAutoscale.Model.TemplateFinding'
        Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures "$Rule.good.json") | Where-Object RuleName -EQ $Rule | Should -BeNullOrEmpty
    }

    # Issue 10 item 5: LAD 2.3 writes ladCfg {class: Processor, counterSpecifier: PercentProcessorTime} as \Processor\PercentProcessorTime.
    It 'accepts a correct LAD 2.3 ladCfg configuration and links each finding to its rule''s help' {
        $findings = @(Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'lad23-ladcfg-class-counters.json'))
        $findings.RuleName | Should -Not -Contain 'CounterNotCollected'
        ($findings.Message -join ' ') | Should -Not -Match "'PercentProcessorTime'"
        (Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'PredictiveNeedsCpuRule.bad.json')).HelpLink | Should -Contain 'Get-Help about_VmssAutoscale_TemplateRules (section PredictiveNeedsCpuRule)'
    }

    It 'names each finding''s file in its view, so the findings of several files say which' {
        $text = @(Get-ChildItem (Join-Path $fixtures '*.bad.json') | Where-Object Name -In 'ThresholdsTooClose.bad.json', 'GuestMetricWrongOs.bad.json' | Test-VmssAutoscaleTemplate) | Out-String -Width 80
        $text | Should -Match '\(ThresholdsTooClose\.bad\.json line \d+'
        $text | Should -Match '\(GuestMetricWrongOs\.bad\.json line \d+'
    }

    It 'takes paths from the pipeline (Get-ChildItem)' {
        $found = Get-ChildItem $fixtures -Filter 'OneWayScaling.*.json' | Test-VmssAutoscaleTemplate
        @($found | Where-Object RuleName -EQ 'OneWayScaling') | Should -HaveCount 1
        (Join-Path $fixtures 'OneWayScaling.bad.json' | Test-VmssAutoscaleTemplate).RuleName | Should -Contain 'OneWayScaling'
    }

    It 'accepts -Template as JSON text and as an object from ConvertFrom-Json' {
        $text = Get-Content -Raw (Join-Path $fixtures 'AutoscaleDisabled.bad.json')
        (Test-VmssAutoscaleTemplate -Template $text).RuleName | Should -Contain 'AutoscaleDisabled'
        (Test-VmssAutoscaleTemplate -Template ($text | ConvertFrom-Json)).RuleName | Should -Contain 'AutoscaleDisabled'
    }

    It 'applies -TemplateParameterObject overrides' {
        $path = Join-Path $fixtures 'clean-linux.json'
        (Test-VmssAutoscaleTemplate -Path $path -TemplateParameterObject @{ instanceCount = 50 }).RuleName | Should -Contain 'InitialCapacityOutsideRange'
    }

    It 'uses -LoadedCoresPerInstance with the VM size' {
        (Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'clean-linux.json') -LoadedCoresPerInstance 1).RuleName | Should -Contain 'UnreachableThreshold'
    }

    It 'checks a deployed setting from Get-VmssAutoscaleSetting' {
        $findings = Get-VmssAutoscaleSetting -Path (Join-Path $fixtures 'ThresholdsTooClose.bad.json') | Test-VmssAutoscaleTemplate
        $findings.RuleName | Should -Contain 'ThresholdsTooClose'
        $findings | ForEach-Object { $_.Line | Should -Be 0 }
    }

    It 'never prints the secret' {
        $findings = Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'SecretInTemplate.bad.json')
        $findings.RuleName | Should -Contain 'SecretInTemplate'
        ($findings | Format-List * | Out-String) | Should -Not -Match 'S3cret'
        ($findings | ConvertTo-Json) | Should -Not -Match 'S3cret'
    }

    Context '-FailOn for CI gates' {
        It 'ends with a terminating error when a finding is at least as bad' {
            { Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'OneWayScaling.bad.json') -FailOn Warning } |
                Should -Throw -ErrorId 'VmssAutoscale.TemplateCheckFailed,VmssAutoscale.Cmdlets.TestVmssAutoscaleTemplateCommand'
        }

        It 'passes when only milder findings exist' {
            { Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'OneWayScaling.bad.json') -FailOn Error } | Should -Not -Throw
            { Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'clean-linux.json') -FailOn Warning } | Should -Not -Throw
        }
    }

    Context 'bad input gives a clear ErrorRecord naming the location' {
        It '<File> -> line <Line>' -ForEach @(
            @{ File = 'malformed-invalid-json.json'; Line = 5; Text = 'not valid JSON' }
            @{ File = 'malformed-unknown-function.json'; Line = 8; Text = "unknown function 'toLowr'" }
            @{ File = 'malformed-circular-variables.json'; Line = 5; Text = 'circular variable references' }
            @{ File = 'malformed-missing-parameter.json'; Line = 19; Text = "parameter 'minimumInstances', which has no value" }
        ) {
            $errors = $null
            $out = Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures $File) -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.TemplateEvaluationFailed*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape("line $Line"))
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($Text))
            $errors[0].Exception.Message | Should -Not -Match '\bat VmssAutoscale\.'
            $errors[0].ScriptStackTrace | Should -Not -Match 'TemplateEvaluator'
        }

        It 'fails the gate when a template cannot be evaluated' {
            { Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'malformed-unknown-function.json') -FailOn Error -ErrorAction SilentlyContinue } |
                Should -Throw -ErrorId 'VmssAutoscale.TemplateCheckFailed,VmssAutoscale.Cmdlets.TestVmssAutoscaleTemplateCommand'
        }

        It 'reports a missing file without stopping the other paths' {
            $errors = $null
            $out = Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'nope.json'), (Join-Path $fixtures 'OneWayScaling.bad.json') -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.FileNotFound*'
            $out.RuleName | Should -Contain 'OneWayScaling'
        }

        It 'reports a wildcard that matches nothing, and fails the gate, instead of passing silently' {
            $errors = $null
            $out = Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'no-such-*.json') -ErrorVariable errors -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.PathNotFound*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            { Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'no-such-*.json') -FailOn Error -ErrorAction SilentlyContinue } |
                Should -Throw -ErrorId 'VmssAutoscale.TemplateCheckFailed,VmssAutoscale.Cmdlets.TestVmssAutoscaleTemplateCommand'
        }

        It 'reads a parameters file and names it when it is invalid' {
            $params = Join-Path $TestDrive 'bad.parameters.json'
            Set-Content $params '{ "$schema": "x", "parameters": { "instanceCount": { "value": 3 }, } }'
            $errors = $null
            Test-VmssAutoscaleTemplate -Path (Join-Path $fixtures 'clean-linux.json') -ParameterPath $params -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].Exception.Message | Should -Match 'bad\.parameters\.json, line 1'
        }
    }
}
