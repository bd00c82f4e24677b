# Hostile templates through the built module: each ends in an ErrorRecord naming where, never a
# crashed process (stack overflow) or a session that runs out of memory.
BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VmssAutoscale/VmssAutoscale.psd1" -Force

    function New-Template([string] $Variables, [string] $Resources = '[]') {
        '{"$schema":"x","contentVersion":"1.0.0.0","variables":{' + $Variables + '},"resources":' + $Resources + '}'
    }

    function Get-Failure([hashtable] $Parameters) {
        $errs = $null
        $out = Test-VmssAutoscaleTemplate @Parameters -ErrorVariable errs -ErrorAction SilentlyContinue
        [pscustomobject]@{ Output = @($out); Errors = @($errs) }
    }
}

Describe 'Test-VmssAutoscaleTemplate with hostile input' {
    It 'reports <Name> nested 5000 deep as an error naming the variable' -ForEach @(
        @{ Name = 'concat()'; Open = 'concat('; Close = ')' }
        @{ Name = 'add()'; Open = 'add(1,'; Close = ')' }
        @{ Name = 'if()'; Open = 'if(true(),'; Close = ',0)' }
        @{ Name = 'an index'; Open = ''; Close = '[0]' }
    ) {
        $expr = '[' + ($Open * 5000) + 'createArray(1)' + ($Close * 5000) + ']'
        $r = Get-Failure @{ Template = (New-Template ('"deep":"' + $expr + '"')) }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.TemplateEvaluationFailed*'
        $r.Errors[0].Exception.Message | Should -Match 'variables\.deep.*levels deep'
    }

    It 'reports JSON nested 100000 deep as an error with its line' {
        $json = New-Template ('"deep":' + ('[' * 100000) + (']' * 100000))
        $r = Get-Failure @{ Template = $json }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].Exception.Message | Should -Match 'nested more than 256 levels deep'
    }

    It 'refuses a hashtable that contains itself, naming where' {
        $h = @{ name = 'x' }
        $h.self = @{ inner = $h }
        $r = Get-Failure @{ Template = (New-Template ''); TemplateParameterObject = @{ loop = $h } }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InputCycle*'
        $r.Errors[0].Exception.Message | Should -Match 'TemplateParameterObject\.loop\.self\.inner contains itself'
    }

    It 'refuses a -Template object nested thousands of levels deep' {
        $deep = @{ leaf = 1 }
        1..5000 | ForEach-Object { $deep = @{ next = $deep } }
        $r = Get-Failure @{ Template = @{ resources = @(); variables = $deep } }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VmssAutoscale.InputTooDeep*'
    }

    It 'accepts two equal hashtables side by side (not a cycle)' {
        $same = @{ a = 1 }
        $r = Get-Failure @{ Template = @{ resources = @(); variables = @{ x = $same; y = $same } } }
        $r.Errors | Should -HaveCount 0
    }

    It 'refuses a copy count above 800 naming the loop' {
        $res = '[{"type":"Microsoft.Network/publicIPAddresses","apiVersion":"2023-04-01","name":"[concat(''ip'', copyIndex())]","copy":{"name":"ips","count":100000}}]'
        $r = Get-Failure @{ Template = (New-Template '' $res) }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].Exception.Message | Should -Match "resources\[0\]\.copy\.count: the copy loop 'ips' has count 100000; ARM allows 0 to 800"
    }

    It 'refuses nested replace() before it builds the string' {
        $vars = @('"v0":"aaaaaaaaaa"') + (1..12 | ForEach-Object { '"v{0}":"[replace(variables(''v{1}''), ''a'', variables(''v{1}''))]"' -f $_, ($_ - 1) })
        $r = Get-Failure @{ Template = (New-Template ($vars -join ',')) }
        ($r.Errors.Exception.Message -join "`n") | Should -Match 'replace\(\) would build a string of'
    }

    It 'with -FailOn, a refused template fails the gate' {
        { Test-VmssAutoscaleTemplate -Template (New-Template '"p":"[padLeft(''x'', 2000000000)]"') -FailOn Error -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'VmssAutoscale.TemplateCheckFailed*'
    }
}

Describe 'Test-VmssAutoscaleTemplate with odd but accepted JSON' {
    It 'warns about a property given twice and uses the last, as ARM does' {
        $json = "{`n""`$schema"":""x"",`n""variables"":{""a"":1,`n""A"":2},`n""resources"":[]}"
        $null = Test-VmssAutoscaleTemplate -Template $json -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 0
        ($w -join "`n") | Should -Match "line 4, variables\.A: the property 'A' is given more than once"
    }

    It 'reports a number too large for any template as an error with its line' {
        $json = "{`n""resources"":[],`n""variables"":{""n"": 1e999}}"
        $null = Test-VmssAutoscaleTemplate -Template $json -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].Exception.Message | Should -Match 'line 3.*too large'
    }
}
