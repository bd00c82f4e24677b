# Shared helpers for the Pester suites.

function Get-PwshInvocation {
    <#
    .SYNOPSIS
        The executable and leading arguments that start a fresh PowerShell like this one.
    .DESCRIPTION
        Under the local dotnet tool the current process is `dotnet pwsh.dll`, so the process path
        alone would start dotnet, not PowerShell.
    #>
    $self = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        return , @($self, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($self)
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a command in a new PowerShell process and returns its output lines (stdout and stderr).
        $LASTEXITCODE holds the child's exit code afterwards.
    #>
    param([Parameter(Mandatory)] [string] $Command)
    $invocation = Get-PwshInvocation
    $exe = $invocation[0]
    $prefix = @($invocation | Select-Object -Skip 1)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
    & $exe @prefix -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
}

function Get-BuiltModuleManifest {
    (Resolve-Path (Join-Path $PSScriptRoot '../../out/VmssAutoscale/VmssAutoscale.psd1')).Path
}

function Get-ExampleBundle {
    # The example bundles: the folders of examples/ that hold a snapshot.json (other example folders,
    # such as a setting and its samples for Optimize-VmssAutoscaleSetting, are not bundles).
    Get-ChildItem (Join-Path $PSScriptRoot '../../examples') -Directory |
        Where-Object { Test-Path (Join-Path $_.FullName 'snapshot.json') }
}

function Invoke-HostCaptured {
    <#
    .SYNOPSIS
        Runs a script in a new runspace of this process whose host keeps what commands write to it
        (the "What if:" lines of -WhatIf) instead of printing it, with the built module imported.
        Returns its Output, Errors and HostLines. The module's connection is process-wide, so a
        Connect-VmssAutoscale made before holds there too.
    #>
    param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @())
    if (-not ('VmssAutoscaleTests.CapturingHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'CapturingHost.cs')
    }
    $captured = [VmssAutoscaleTests.CapturingHost]::new()
    $runspace = [runspacefactory]::CreateRunspace($captured)
    $runspace.Open()
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $runspace
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-BuiltModuleManifest)).AddStatement()
        $null = $ps.AddScript($Script.ToString())
        foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
        $output = $ps.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); HostLines = @($captured.Lines) }
    } finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

Export-ModuleMember -Function Get-PwshInvocation, Invoke-FreshPwsh, Get-BuiltModuleManifest, Get-ExampleBundle, Invoke-HostCaptured
