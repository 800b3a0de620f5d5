#requires -Version 5.1
<#
.SYNOPSIS
    Builds the SsprTools module into out/SsprTools, runs the tests, or cleans the build output.
.PARAMETER Task
    Build (default): dotnet build SsprTools.sln → out/SsprTools.
    Test: Build, then dotnet test, then the whole Pester suite in tests/Pester with the Pester version pinned in
    tools/Pester/Pester.proj (restored from NuGet into .tools/, no Install-Module needed). Both always run; the
    script fails when either fails, and its last line counts Pester's tests ("pester: N passed, N failed, N skipped").
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
    # Pester from NuGet (the version pinned in tools/Pester/Pester.proj): the package's tools/ folder is the module.
    $pesterVersion = ([xml](Get-Content -LiteralPath (Join-Path $PSScriptRoot 'tools/Pester/Pester.proj') -Raw)).Project.PropertyGroup.PesterVersion |
        Where-Object { $_ } | Select-Object -First 1
    $modules = Join-Path $PSScriptRoot '.tools/modules'
    $pesterManifest = Join-Path $modules "Pester/$pesterVersion/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pesterManifest)) {
        dotnet restore (Join-Path $PSScriptRoot 'tools/Pester/Pester.proj')
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore tools/Pester/Pester.proj failed ($LASTEXITCODE): Pester $pesterVersion could not be fetched from NuGet." }
        $package = Join-Path $PSScriptRoot ".tools/packages/pester/$pesterVersion/tools"
        $target = Split-Path -Parent $pesterManifest
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Copy-Item -Path (Join-Path $package '*') -Destination $target -Recurse -Force
    }

    # The xunit suites. pwsh has put its own module folders on PSModulePath; the engine the module tests host
    # in-process must not load modules from them (it does not from a plain shell either).
    $savedModulePath = $env:PSModulePath
    Remove-Item -LiteralPath Env:PSModulePath -ErrorAction SilentlyContinue
    try {
        dotnet test SsprTools.sln -c $Configuration --no-build
        $dotnetExit = $LASTEXITCODE
    }
    finally {
        $env:PSModulePath = $savedModulePath
    }

    $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
    Get-Module Pester | Remove-Module -Force
    Import-Module $pesterManifest -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
    if ($Tag) { $config.Filter.Tag = $Tag }
    if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
    Write-Host "Running the Pester $pesterVersion suite in tests/Pester under PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
    $ErrorActionPreference = 'Continue'   # the tests see PowerShell's default, not this script's Stop
    $result = Invoke-Pester -Configuration $config
    $ErrorActionPreference = 'Stop'
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Write-Host ('pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $failed, ($result.SkippedCount + $result.NotRunCount))

    $problems = @()
    if ($dotnetExit -ne 0) { $problems += "dotnet test failed ($dotnetExit)" }
    if ($result.Result -ne 'Passed' -or $failed -gt 0) { $problems += "the Pester suite failed ($failed failed)" }
    elseif ($result.PassedCount -eq 0) { $problems += 'the Pester suite ran no test' }
    if ($problems) { throw ($problems -join '; ') + '.' }
}
