#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# The README's scheduled scan, run as written against the fake Microsoft Graph: a first run, a week later (someone lost
# their way back in), and a quiet week. Tagged 'Live'; skipped with the reason when dotnet is missing.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
    $skipLive = Test-FakeGraphSkip
}

Describe "Live: the README's scheduled scan" -Tag 'Live' {
    BeforeAll {
        $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
        Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
        . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
        $contoso = Join-Path $repo 'samples/contoso.snapshot.json'

        # The scan exactly as the README shows it: the fenced block that starts with "# The scheduled scan".
        $readme = Get-Content -LiteralPath (Join-Path $repo 'README.md') -Raw
        $block = [regex]::Match($readme, '```powershell\r?\n(# The scheduled scan[\s\S]*?)```').Groups[1].Value
        $scan = Join-Path $TestDrive 'scan.ps1'
        Set-Content -LiteralPath $scan -Value $block

        # Contoso a week later: Eva's account disabled (she cannot get back in), Michael's enabled again.
        $week2 = Join-Path $TestDrive 'week2.json'
        $data = Get-Content -LiteralPath $contoso -Raw | ConvertFrom-Json
        ($data.users | Where-Object userPrincipalName -eq 'eva.lindqvist@contoso.com').accountEnabled = $false
        ($data.users | Where-Object userPrincipalName -eq 'michael.johnson@contoso.com').accountEnabled = $true
        $data | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $week2 -Encoding utf8

        $work = Join-Path $TestDrive 'job'
        New-Item -ItemType Directory -Path $work | Out-Null   # the README block creates ./sspr itself on the first run
        $week1Server = $null
        $week2Server = $null
        if (-not (Get-FakeGraphSkipReason)) {
            $week1Server = Start-FakeGraph -Fixture $contoso
            $week2Server = Start-FakeGraph -Fixture $week2
        }

        function Invoke-Scan($Server) {
            Connect-SsprGraph -AccessToken $Server.SecureToken -GraphEndpoint $Server.Url | Out-Null
            Push-Location $work
            try {
                $global:LASTEXITCODE = 0
                & $scan
                $LASTEXITCODE
            }
            finally {
                Pop-Location
            }
        }
    }

    AfterAll {
        Disconnect-SsprGraph
        Stop-FakeGraph $week1Server
        Stop-FakeGraph $week2Server
    }

    It 'the README holds the scan block' {
        $block | Should -Match 'Compare-SsprReadiness'
        $block | Should -Match 'exit 1'
    }

    It 'first run: no previous snapshot, fails because an admin cannot get back in, keeps the snapshot' -Skip:$skipLive {
        Invoke-Scan $week1Server | Should -Be 1
        Join-Path $work 'sspr/previous.snapshot.json' | Should -Exist
        Join-Path $work 'sspr/current.snapshot.json' | Should -Not -Exist
        Get-Content (Join-Path $work 'sspr/sspr-report.html') -Raw | Should -Not -Match 'id="changes"'
        Get-Content (Join-Path $work 'sspr/summary.md') -Raw | Should -Match 'michael\.johnson@contoso\.com'
    }

    It 'a week later: Eva became unrecoverable, the job fails and the report says what changed' -Skip:$skipLive {
        Invoke-Scan $week2Server | Should -Be 1
        $html = Get-Content (Join-Path $work 'sspr/sspr-report.html') -Raw
        $html | Should -Match 'data-change="BecameUnrecoverable" data-upn="eva\.lindqvist@contoso\.com"'
        $html | Should -Match 'data-change="BecameRecoverable" data-upn="michael\.johnson@contoso\.com"'
        Get-Content (Join-Path $work 'sspr/summary.md') -Raw | Should -Match '\*\*Became unrecoverable\*\* \| eva\.lindqvist@contoso\.com'
    }

    It 'a quiet week: nothing changed, the job passes' -Skip:$skipLive {
        Invoke-Scan $week2Server | Should -Be 0
        Get-Content (Join-Path $work 'sspr/sspr-report.html') -Raw | Should -Match 'No account changed since the previous scan'
    }
}
