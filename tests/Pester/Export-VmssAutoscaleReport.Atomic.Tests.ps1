# Issue 25 item 4: a bundle is written whole or not at all, and never through a link into the source.
BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VmssAutoscale/VmssAutoscale.psd1" -Force
    $script:source = Join-Path $TestDrive 'source'
    New-Item -ItemType Directory -Path $script:source | Out-Null
    Copy-Item (Join-Path $PSScriptRoot '../../examples/healthy/snapshot.json') $script:source
    $script:hash = (Get-FileHash (Join-Path $script:source 'snapshot.json')).Hash
    $script:target = @{ ResourceGroupName = 'rg-autoscale-examples'; VMScaleSetName = 'vmss-healthy' }
}

Describe 'Export-VmssAutoscaleReport writes a bundle whole or not at all' {
    It 'refuses a -Path that is a symbolic link to the -Snapshot bundle, even with -Force' {
        $link = Join-Path $TestDrive 'link-to-source'
        New-Item -ItemType SymbolicLink -Path $link -Target $script:source | Out-Null
        { Export-VmssAutoscaleReport -Path $link -Snapshot $script:source @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.PathInsideSource*'
        { Export-VmssAutoscaleReport -Path (Join-Path $link 'inner') -Snapshot (Join-Path $script:source 'snapshot.json') @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.PathInsideSource*'
        (Get-FileHash (Join-Path $script:source 'snapshot.json')).Hash | Should -Be $script:hash
    }

    It 'refuses a -Path that reaches the source through ..' {
        $path = Join-Path $script:source '../source/./'
        { Export-VmssAutoscaleReport -Path $path -Snapshot $script:source @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.PathInsideSource*'
    }

    It 'leaves the previous bundle as it was when a file cannot be replaced, with no temporary file left' {
        $dir = Join-Path $TestDrive 'previous'
        $first = Export-VmssAutoscaleReport -Path $dir -Snapshot $script:source @script:target
        $before = (Get-FileHash $first.SnapshotPath).Hash
        Remove-Item $first.ReportPath
        New-Item -ItemType Directory -Path $first.ReportPath | Out-Null
        { Export-VmssAutoscaleReport -Path $dir -Snapshot $script:source @script:target -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'VmssAutoscale.BundleWriteFailed*'
        (Get-FileHash $first.SnapshotPath).Hash | Should -Be $before
        @(Get-ChildItem -Force $dir -Filter '*.tmp') | Should -HaveCount 0
    }

    It 'replaces a snapshot.json that is a link, never writing through it' {
        $dir = Join-Path $TestDrive 'linked'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $elsewhere = Join-Path $TestDrive 'elsewhere.json'
        Set-Content -Path $elsewhere -Value '{"keep": true}'
        New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'snapshot.json') -Target $elsewhere | Out-Null
        $bundle = Export-VmssAutoscaleReport -Path $dir -Snapshot $script:source @script:target -Force
        Get-Content -Raw $elsewhere | Should -Match '"keep": true'
        (Get-Item $bundle.SnapshotPath).LinkType | Should -BeNullOrEmpty
        (Get-Content -Raw $bundle.SnapshotPath) | Should -Match 'VmssAutoscale.Snapshot'
    }
}
