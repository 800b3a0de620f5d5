#requires -Version 5.1
<#
.SYNOPSIS
    Builds the SsprTools module into out/SsprTools, and runs the tests.
.PARAMETER Task
    Build (default): dotnet build SsprTools.sln -c Release.
    Test: Build, then dotnet test, then the Pester 5 suite in tests/Pester when Pester 5 is installed.
.PARAMETER Configuration
    Release (default) or Debug.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test')]
    [string] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    throw 'The .NET SDK (dotnet) is required to build SsprTools: https://dot.net'
}

dotnet build SsprTools.sln -c $Configuration
if ($LASTEXITCODE -ne 0) { throw "dotnet build failed ($LASTEXITCODE)." }
Write-Host "Module laid out in $(Join-Path $PSScriptRoot 'out/SsprTools')"

if ($Task -eq 'Test') {
    dotnet test SsprTools.sln -c $Configuration --no-build
    if ($LASTEXITCODE -ne 0) { throw "dotnet test failed ($LASTEXITCODE)." }

    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: the Pester suite (tests/Pester) was skipped. Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser to run it.'
        return
    }
    Import-Module $pester
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
    $config.Run.Exit = $true
    $config.Output.Verbosity = 'Detailed'
    Invoke-Pester -Configuration $config
}
