#Requires -Version 5.1
# Issue 12 item 7: every string that comes from data is stripped of control and escape
# characters where it enters the model, so no output object, default view, warning or error can
# recolour, retitle, hyperlink or rewrite the user's console. Each kind of input gets the same
# planted text (CSI colour, BEL, CR, an OSC 8 hyperlink and the C1 CSI): a snapshot bundle, a
# sample CSV, a template, and live answers of the fake ARM (activity log, setting, metric
# dimensions). Every output object is walked property by property, recursively.

BeforeAll {
    . (Join-Path $PSScriptRoot 'FakeArm.Helpers.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1') -Force

    $esc = [char]27
    $bel = [char]7
    $cr = [char]13
    $csi = [char]0x9b
    # "pwned" and "evil.example" survive cleaning, so the tests can see that the planted text
    # reached the output (cleaned), not that it was lost on the way.
    $script:Hostile = "$esc[31mpwned$bel$cr$esc]8;;https://evil.example/$esc\trap$esc]8;;$esc\$($csi)2J"
    # The CSV reader reads one record per line and refuses line breaks even inside quotes, so the
    # CSV gets the same text without the CR.
    $script:HostileLine = $script:Hostile.Replace("$cr", '')

    # C0 controls, DEL, the C1 controls (U+0080 to U+009F, U+009B is CSI) and bidirectional overrides.
    # In object properties newline and tab are allowed (multi-line text the module wrote); in a
    # rendered view or message only the newline is.
    $script:UnsafeInValue = [regex] '[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]'
    $script:UnsafeInView = [regex] '[\x00-\x09\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]'

    function Find-UnsafeText {
        # The paths of every string under $Value (properties, list items, dictionary keys and
        # values, recursively) that holds a control character other than newline or tab.
        param($Value, [string] $Path, [System.Collections.Generic.HashSet[object]] $Seen, [int] $Depth = 0)
        if ($null -eq $Value -or $Depth -gt 12) { return }
        if ($Value -is [string]) {
            if ($script:UnsafeInValue.IsMatch($Value)) { "$Path = $(($Value | ConvertTo-Json -Compress))" }
            return
        }
        $type = $Value.GetType()
        if ($type.IsPrimitive -or $type.IsEnum -or $Value -is [datetime] -or $Value -is [timespan] -or $Value -is [decimal] -or $Value -is [datetimeoffset] -or $Value -is [guid]) { return }
        if (-not $type.IsValueType -and -not $Seen.Add($Value)) { return }
        if ($Value -is [System.Collections.IDictionary]) {
            foreach ($key in @($Value.Keys)) {
                Find-UnsafeText "$key" "$Path{key}" $Seen ($Depth + 1)
                Find-UnsafeText $Value[$key] "$Path[$key]" $Seen ($Depth + 1)
            }
            return
        }
        if ($Value -is [System.Collections.IEnumerable]) {
            $i = 0
            foreach ($item in $Value) { Find-UnsafeText $item "$Path[$i]" $Seen ($Depth + 1); $i++ }
            return
        }
        if ($type.FullName -like 'System.Collections.Generic.KeyValuePair*') {
            # A read-only dictionary enumerates its pairs: both the key and the value are data.
            Find-UnsafeText $Value.Key "$Path{key}" $Seen ($Depth + 1)
            Find-UnsafeText $Value.Value "$Path[$($Value.Key)]" $Seen ($Depth + 1)
            return
        }
        if (-not ($type.FullName -like 'VmssAutoscale.*' -or $Value -is [System.Management.Automation.PSCustomObject])) { return }
        foreach ($p in $Value.PSObject.Properties) {
            if (-not $p.IsGettable) { continue }
            try { $v = $p.Value } catch { continue }
            Find-UnsafeText $v "$Path.$($p.Name)" $Seen ($Depth + 1)
        }
    }

    function Assert-SafeOutput {
        # Output objects, their default views, and the warnings, errors and verbose text of the call.
        param([object[]] $Objects, [object[]] $Messages = @())
        # By reference where .NET has the comparer (PowerShell 7); value-equal records hold the same text anyway.
        $comparer = if ('System.Collections.Generic.ReferenceEqualityComparer' -as [type]) { [System.Collections.Generic.ReferenceEqualityComparer]::Instance } else { [System.Collections.Generic.EqualityComparer[object]]::Default }
        $seen = [System.Collections.Generic.HashSet[object]]::new($comparer)
        $bad = @(for ($i = 0; $i -lt $Objects.Count; $i++) { Find-UnsafeText $Objects[$i] "[$i]$($Objects[$i].GetType().Name)" $seen })
        $bad | Should -BeNullOrEmpty -Because 'no output property may hold a control or escape character'
        foreach ($text in @(($Objects | Out-String), ($Objects | Out-String -Width 250), ($Objects | Format-List * | Out-String)) + @($Messages | ForEach-Object { "$_" })) {
            $script:UnsafeInView.IsMatch($text.Replace("`r`n", "`n")) | Should -BeFalse -Because "a view, warning, error or verbose message must not carry a control or escape character: $(($text | ConvertTo-Json -Compress))"
        }
    }

    function Add-Hostile($Node, [string[]] $Names) {
        if ($null -eq $Node) { return }
        foreach ($name in $Names) {
            if ($Node.PSObject.Properties[$name] -and $Node.$name -is [string]) { $Node.$name = $Node.$name + $script:Hostile }
        }
    }

    function New-HostileBundle([string] $Example, [string] $Name) {
        $snap = Get-Content -Raw (Join-Path $PSScriptRoot "../../examples/$Example/snapshot.json") | ConvertFrom-Json
        Add-Hostile $snap 'description'
        foreach ($set in $snap.scaleSets) {
            if ($set.model.tags) { $set.model.tags | Add-Member -NotePropertyName "team$script:Hostile" -NotePropertyValue "web$script:Hostile" }
            foreach ($s in @($set.instanceView.statuses)) { Add-Hostile $s 'displayStatus', 'message' }
            foreach ($e in @($set.activityLog)) {
                Add-Hostile $e 'caller', 'description'
                # Exports that flatten {value, localizedValue} to a string.
                $e | Add-Member -NotePropertyName subStatus -NotePropertyValue "Conflict$script:Hostile" -Force
                $e.properties | Add-Member -NotePropertyName statusMessage -NotePropertyValue "{`"error`":`"$($script:Hostile | ConvertTo-Json)`"}" -Force
            }
            foreach ($s in @($set.samples)) { Add-Hostile $s 'instance', 'metricName' }
            foreach ($vm in @($set.virtualMachines)) {
                Add-Hostile $vm 'name'
                foreach ($s in @($vm.properties.instanceView.statuses) + @($vm.properties.instanceView.vmAgent.statuses)) { if ($s) { Add-Hostile $s 'displayStatus', 'message' } }
            }
            if ($set.availabilityStatus) { Add-Hostile $set.availabilityStatus.properties 'title', 'summary' }
            foreach ($m in @($set.serviceMetrics)) {
                foreach ($metric in @($m.body.value)) {
                    foreach ($series in @($metric.timeseries)) { foreach ($d in @($series.metadatavalues)) { Add-Hostile $d 'value' } }
                }
            }
        }
        foreach ($setting in $snap.autoscaleSettings) {
            Add-Hostile $setting 'name'
            Add-Hostile $setting.properties 'name'
            # Issue 25: the setting's tags and its notifications' e-mail addresses are free text too.
            $setting | Add-Member -NotePropertyName tags -NotePropertyValue ([pscustomobject]@{ "team$script:Hostile" = "web$script:Hostile" }) -Force
            $setting.properties | Add-Member -NotePropertyName notifications -NotePropertyValue @(
                [pscustomobject]@{ operation = 'Scale'; email = [pscustomobject]@{ sendToSubscriptionAdministrator = $false; sendToSubscriptionCoAdministrators = $false; customEmails = @("ops$script:Hostile@contoso.example") }; webhooks = @() }
            ) -Force
            foreach ($profile in $setting.properties.profiles) {
                Add-Hostile $profile 'name'
                foreach ($rule in $profile.rules) { Add-Hostile $rule.metricTrigger 'metricName' }
            }
        }
        $dir = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        # ConvertTo-Json writes the control characters as \u escapes, as a real bundle would hold them.
        Set-Content -LiteralPath (Join-Path $dir 'snapshot.json') -Value ($snap | ConvertTo-Json -Depth 64) -Encoding utf8
        $dir
    }

    $script:Bundle = New-HostileBundle 'manual-scale-reverted' 'manual'
    $script:Target = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-manual-scale-reverted' }
    $script:QueueBundle = New-HostileBundle 'queue-driven-at-maximum' 'queue'
    (Get-Content -Raw (Join-Path $script:Bundle 'snapshot.json')) | Should -Match 'u001b' -Because 'the bundle holds the planted text'
}

Describe 'Text from a snapshot bundle reaches no view with a control character' {
    It 'Get-VmssAutoscaleSetting' {
        $out = @(Get-VmssAutoscaleSetting -Snapshot $script:Bundle @script:Target)
        $out | Should -Not -BeNullOrEmpty
        $out[0].Name | Should -Match 'pwned'
        # The planted tags and e-mail addresses reached the output (cleaned), so the walk below checks them.
        @($out[0].Tags.Keys) -join ' ' | Should -Match 'pwned'
        @($out[0].Notifications.CustomEmails) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput $out
    }

    It 'Get-VmssAutoscaleTarget' {
        $out = @(Get-VmssAutoscaleTarget -Snapshot $script:Bundle @script:Target -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -HaveCount 1
        Assert-SafeOutput $out $w
    }

    It 'Get-VmssScaleEvent, merged and raw (caller, description, status, properties)' {
        $events = @(Get-VmssScaleEvent -Snapshot $script:Bundle @script:Target -WarningVariable w -WarningAction SilentlyContinue)
        $raw = @(Get-VmssScaleEvent -Snapshot $script:Bundle @script:Target -Raw)
        $events | Should -Not -BeNullOrEmpty
        ($raw | ForEach-Object { $_.Caller, $_.SubStatus, $_.Properties['statusMessage'] }) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput ($events + $raw) $w
    }

    It 'Get-VmssDiagnosticsSample, samples and -Summary (instance and metric names)' {
        $samples = @(Get-VmssDiagnosticsSample -Snapshot $script:Bundle @script:Target -WarningVariable w1 -WarningAction SilentlyContinue)
        $summary = @(Get-VmssDiagnosticsSample -Snapshot $script:Bundle @script:Target -Summary -WarningVariable w2 -WarningAction SilentlyContinue)
        $samples | Should -Not -BeNullOrEmpty
        $samples[0].Instance | Should -Match 'pwned'
        Assert-SafeOutput ($samples + $summary) ($w1 + $w2)
    }

    It 'Debug-VmssAutoscale: findings, evidence and the diagnosis' {
        $out = @(Debug-VmssAutoscale -Snapshot $script:Bundle @script:Target -WarningVariable w -WarningAction SilentlyContinue -Verbose 4>&1)
        @($out | Where-Object { $_ -is [VmssAutoscale.Model.Finding] }) | Should -Not -BeNullOrEmpty
        Assert-SafeOutput @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) (@($w) + @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }))
    }

    It 'Test-VmssAutoscaleThreshold and Invoke-VmssAutoscaleSimulation on the bundle''s setting and samples' {
        $setting = Get-VmssAutoscaleSetting -Snapshot $script:Bundle @script:Target
        $samples = Get-VmssDiagnosticsSample -Snapshot $script:Bundle @script:Target -WarningAction SilentlyContinue
        $decision = @($setting | Test-VmssAutoscaleThreshold -Sample $samples -WarningVariable w1 -WarningAction SilentlyContinue)
        $steps = @($setting | Invoke-VmssAutoscaleSimulation -Sample $samples -WarningVariable w2 -WarningAction SilentlyContinue)
        $decision | Should -Not -BeNullOrEmpty
        Assert-SafeOutput ($decision + $steps) ($w1 + $w2)
    }

    It 'Get-VmssAutoscaleRunHistory (dimension values of the setting''s metrics)' {
        $out = @(Get-VmssAutoscaleRunHistory -Snapshot $script:QueueBundle -ResourceGroupName rg-autoscale-examples -VMScaleSetName vmss-queue-workers -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        ($out.MetricTriggerSource | Where-Object { $_ }) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput $out $w
    }
}

Describe 'Text from a sample CSV reaches no view with a control character' {
    BeforeAll {
        $script:Csv = Join-Path $TestDrive 'hostile.csv'
        $start = [datetime]::SpecifyKind([datetime]'2024-05-01T11:30:00', 'Utc')
        $rows = foreach ($minute in 0..29) {
            foreach ($i in 0..2) {
                [pscustomobject]@{
                    Instance   = "vm_$i$script:HostileLine"
                    Timestamp  = $start.AddMinutes($minute).ToString('o')
                    MetricName = 'Percentage CPU'
                    Value      = if ($i -eq 2) { 95 } else { 20 }
                    ResourceId = ''
                    Namespace  = ''
                }
            }
            # A metric and a resource no rule reads: still data the reader takes in.
            [pscustomobject]@{ Instance = "vm_0$script:HostileLine"; Timestamp = $start.AddMinutes($minute).ToString('o'); MetricName = "Other$script:HostileLine"; Value = 1; ResourceId = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa$script:HostileLine"; Namespace = "ns$script:HostileLine" }
        }
        $rows | Export-Csv -LiteralPath $script:Csv -NoTypeInformation -Encoding utf8
        $script:Setting = Join-Path $PSScriptRoot '../fixtures/settings/web-cpu-2015.json'
    }

    It 'the CSV really holds the planted characters' {
        (Get-Content -Raw -LiteralPath $script:Csv).IndexOf([char]27) | Should -BeGreaterThan -1
    }

    It 'Test-VmssAutoscaleThreshold -SamplePath' {
        $out = @(Test-VmssAutoscaleThreshold -Path $script:Setting -SamplePath $script:Csv -At '2024-05-01T12:00:00Z' -CurrentCapacity 3 -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        ($out | ConvertTo-Json -Depth 8) | Should -Match 'pwned'
        Assert-SafeOutput $out $w
    }

    It 'Invoke-VmssAutoscaleSimulation -SamplePath' {
        $out = @(Invoke-VmssAutoscaleSimulation -Path $script:Setting -SamplePath $script:Csv -InitialCapacity 3 -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        Assert-SafeOutput $out $w
    }

    It 'the same rows piped in as objects (Import-Csv)' {
        $out = @(Import-Csv -LiteralPath $script:Csv | Test-VmssAutoscaleThreshold -Path $script:Setting -At '2024-05-01T12:00:00Z' -CurrentCapacity 3 -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        Assert-SafeOutput $out $w
    }
}

Describe 'Text from a template reaches no finding with a control character' {
    It 'Test-VmssAutoscaleTemplate on names, parameters and metric names with escape sequences' {
        $json = Get-Content -Raw (Join-Path $PSScriptRoot '../fixtures/templates/CounterNotCollected.bad.json')
        $planted = ($script:Hostile | ConvertTo-Json).Trim('"')
        # Each plant must take, or the template reaching the cmdlet would be clean and the test vacuous.
        foreach ($needle in '"Standard_D2s_v3"', "-autoscale')]", '"name": "default"') {
            $json.Contains($needle) | Should -BeTrue -Because "the fixture must hold $needle for the plant to take"
        }
        $json = $json.Replace('"Standard_D2s_v3"', '"Standard_D2s_v3' + $planted + '"').Replace("-autoscale')]", "-autoscale$planted')]").Replace('"name": "default"', '"name": "default' + $planted + '"')
        $path = Join-Path $TestDrive 'hostile-template.json'
        Set-Content -LiteralPath $path -Value $json -Encoding utf8
        $out = @(Test-VmssAutoscaleTemplate -Path $path -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        ($out | ConvertTo-Json -Depth 8) | Should -Match 'pwned'
        Assert-SafeOutput $out $w
    }
}

Describe 'Text from live answers reaches no view with a control character' {
    BeforeAll {
        $script:fake = Start-FakeArm
        Set-FakeArmConfig $script:fake
        $null = Connect-FakeArm $script:fake
        Add-FakeArmSeed $script:fake @{
            scaleSets   = @(@{ resourceGroup = 'rg-hostile'; name = 'vmss-hostile'; capacity = 2 })
            settings    = @(@{ resourceGroup = 'rg-hostile'; name = 'autoscale-hostile'; scaleSet = 'vmss-hostile'; metricName = "Percentage CPU$script:Hostile" })
            activityLog = @(@{ resourceGroup = 'rg-hostile'; scaleSet = 'vmss-hostile'; caller = "mallory$script:Hostile"; description = "scaled$script:Hostile"; subStatus = "Conflict$script:Hostile"; statusMessage = "{`"message`":$($script:Hostile | ConvertTo-Json)}" })
        }
        $script:Live = @{ ResourceGroupName = 'rg-hostile'; VMScaleSetName = 'vmss-hostile' }
    }

    AfterAll { Stop-FakeArm $script:fake }

    It 'Get-VmssAutoscaleSetting (the rule''s metric name)' {
        $out = @(Get-VmssAutoscaleSetting @script:Live)
        ($out.Profiles.Rules.MetricTrigger.MetricName) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput $out
    }

    It 'Get-VmssScaleEvent, merged and raw (caller, description, sub-status, status message)' {
        $events = @(Get-VmssScaleEvent @script:Live -WarningVariable w -WarningAction SilentlyContinue)
        $raw = @(Get-VmssScaleEvent @script:Live -Raw)
        ($raw | ForEach-Object { $_.Caller }) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput ($events + $raw) $w
    }

    It 'Get-VmssAutoscaleRunHistory (MetricTriggerSource and MetricTriggerRule dimension values)' {
        $out = @(Get-VmssAutoscaleRunHistory @script:Live -WarningVariable w -WarningAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        ($out.MetricTriggerSource | Where-Object { $_ }) -join ' ' | Should -Match 'pwned'
        Assert-SafeOutput $out $w
    }

    It 'Debug-VmssAutoscale live' {
        $out = @(Debug-VmssAutoscale @script:Live -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue)
        $out | Should -Not -BeNullOrEmpty
        Assert-SafeOutput $out (@($w) + @($e))
    }
}
