#requires -Version 5.1
<#
.SYNOPSIS
    Builds the SsprTools module into out/SsprTools, runs the tests, or cleans the build output.
.PARAMETER Task
    Build (default): dotnet build SsprTools.sln → out/SsprTools.
    Test: Build, then dotnet test, then the Pester suite in tests/Pester when Pester 5.2 or later is installed
    (otherwise it says how to install Pester and stops without failing).
    Clean: removes out/ and the bin/ and obj/ folders of the projects.
.PARAMETER Configuration
    Release (default) or Debug.
.PARAMETER Tag
    Test: run only the Pester tests with one of these tags (e.g. Live).
.PARAMETER ExcludeTag
    Test: skip the Pester tests with one of these tags (e.g. Live, which starts the fake Graph server).
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Test -ExcludeTag Live
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',
    [string[]] $Tag,
    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

if ($Task -eq 'Clean') {
    $folders = @(Join-Path $PSScriptRoot 'out') +
        @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'src'), (Join-Path $PSScriptRoot 'tests'), (Join-Path $PSScriptRoot 'tools') -Directory |
            ForEach-Object { Join-Path $_.FullName 'bin'; Join-Path $_.FullName 'obj' })
    foreach ($folder in $folders) {
        if (Test-Path -LiteralPath $folder) {
            Remove-Item -LiteralPath $folder -Recurse -Force
            Write-Host "Removed $folder"
        }
    }
    return
}

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    throw 'The .NET SDK (dotnet) is required to build SsprTools: https://dot.net'
}

dotnet build SsprTools.sln -c $Configuration
if ($LASTEXITCODE -ne 0) { throw "dotnet build failed ($LASTEXITCODE)." }
Write-Host "Module laid out in $(Join-Path $PSScriptRoot 'out/SsprTools')"

if ($Task -eq 'Test') {
    dotnet test SsprTools.sln -c $Configuration --no-build
    if ($LASTEXITCODE -ne 0) { throw "dotnet test failed ($LASTEXITCODE)." }

    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.2' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        # 5.2 brought New-PesterConfiguration; the suite also uses BeforeDiscovery (5.1).
        Write-Warning ('Pester 5.2 or later is not installed, so the Pester suite (tests/Pester) did not run; dotnet test passed. ' +
            'Install it with: Install-Module Pester -MinimumVersion 5.2 -Scope CurrentUser -Force -SkipPublisherCheck ' +
            '(or Install-PSResource Pester), then run ./build.ps1 -Task Test again.')
        return
    }

    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
    $config.Run.Exit = $true            # a failed test makes pwsh exit with a non-zero code (CI, runbooks)
    $config.Output.Verbosity = 'Detailed'
    if ($Tag) { $config.Filter.Tag = $Tag }
    if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
    Write-Host "Running the Pester $($pester.Version) suite in tests/Pester"
    Invoke-Pester -Configuration $config
}
