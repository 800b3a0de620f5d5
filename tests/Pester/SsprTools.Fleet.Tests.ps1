#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# samples/fleet-scan.ps1: three fake Microsoft Graph tenants scanned at once (ForEach-Object -Parallel, a connection per
# runspace, a different token per tenant), twice; nothing of one tenant may show up in another's files. Tagged 'Live'.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
    $skipLive = Test-FakeGraphSkip
}

Describe 'Live: many tenants on one machine (samples/fleet-scan.ps1)' -Tag 'Live' {
    BeforeAll {
        $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $manifest = Join-Path $repo 'out/SsprTools/SsprTools.psd1'
        Import-Module $manifest -Force
        . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
        $fleetScript = Join-Path $repo 'samples/fleet-scan.ps1'

        # Northwind: Contoso's shape under another tenant id, name and domain, so a mix-up would show.
        $northwind = Join-Path $TestDrive 'northwind.snapshot.json'
        (Get-Content -LiteralPath (Join-Path $repo 'samples/contoso.snapshot.json') -Raw) `
            -replace '4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18', '7e0d5c4b-2a19-4f38-8d67-0c5b4a392817' `
            -replace 'contoso', 'northwind' -replace 'Contoso', 'Northwind' |
            Set-Content -LiteralPath $northwind -Encoding utf8

        $fixtures = [ordered]@{
            contoso   = @{ File = Join-Path $repo 'samples/contoso.snapshot.json'; Id = '4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18'; Domain = 'contoso.com' }
            fabrikam  = @{ File = Join-Path $repo 'samples/single-admin.snapshot.json'; Id = '9b2e4d71-3c5a-4f08-b6e2-1a8d7c0f4e63'; Domain = 'fabrikam.com' }
            northwind = @{ File = $northwind; Id = '7e0d5c4b-2a19-4f38-8d67-0c5b4a392817'; Domain = 'northwind.com' }
        }
        $servers = @{}
        $tenants = @()
        if (-not (Get-FakeGraphSkipReason)) {
            foreach ($name in $fixtures.Keys) {
                # Each server accepts only its own tenant's token: a connection used for the wrong tenant gets 401.
                $token = New-FakeGraphToken -TenantId $fixtures[$name].Id -Account "scanner@$($fixtures[$name].Domain)"
                $servers[$name] = Start-FakeGraph -Fixture $fixtures[$name].File -Token $token
                $tenants += @{ Name = $name; Connect = @{ AccessToken = $servers[$name].SecureToken; GraphEndpoint = $servers[$name].Url } }
            }
        }
        $out = Join-Path $TestDrive 'fleet'
    }

    AfterAll {
        foreach ($s in $servers.Values) { Stop-FakeGraph $s }
    }

    It 'first run: one snapshot, report and summary per tenant, each with only its own tenant' -Skip:$skipLive {
        $fleet = & $fleetScript -Tenants $tenants -OutputFolder $out -ThrottleLimit 3 -Module $manifest
        $fleet | Should -HaveCount 3
        $fleet.Error | Where-Object { $_ } | Should -BeNullOrEmpty
        foreach ($row in $fleet) {
            $f = $fixtures[$row.Tenant]
            $row.TenantId | Should -Be $f.Id
            $dir = Join-Path $out $row.Tenant
            $snapshot = Get-Content (Join-Path $dir 'previous.snapshot.json') -Raw
            ($snapshot | ConvertFrom-Json).tenant.id | Should -Be $f.Id
            $html = Get-Content (Join-Path $dir 'sspr-report.html') -Raw
            $md = Get-Content (Join-Path $dir 'summary.md') -Raw
            foreach ($other in $fixtures.Keys | Where-Object { $_ -ne $row.Tenant }) {
                foreach ($text in $snapshot, $html, $md) {
                    $text | Should -Not -Match ([regex]::Escape($fixtures[$other].Id))
                    $text | Should -Not -Match ([regex]::Escape('@' + $fixtures[$other].Domain.Split('.')[0] + '.'))
                }
            }
            $html | Should -Match ([regex]::Escape($f.Id))
        }
        ($fleet | Where-Object Tenant -eq 'fabrikam').Unrecoverable | Should -BeGreaterThan 0
        Join-Path $out 'fleet-summary.csv' | Should -Exist
        $summary = Get-Content (Join-Path $out 'fleet-summary.md') -Raw
        $summary | Should -Match '\| contoso \| 4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18 \|'
        $summary | Should -Match '\| northwind \| 7e0d5c4b-2a19-4f38-8d67-0c5b4a392817 \|'
        (Import-Csv (Join-Path $out 'fleet-summary.csv')).Tenant | Should -Be @('contoso', 'fabrikam', 'northwind')
    }

    It 'second run: each tenant compared with its own previous snapshot, nothing changed' -Skip:$skipLive {
        $fleet = & $fleetScript -Tenants $tenants -OutputFolder $out -ThrottleLimit 3 -Module $manifest
        $fleet.Error | Where-Object { $_ } | Should -BeNullOrEmpty
        foreach ($row in $fleet) {
            $row.Changes | Should -Be 0
            $row.LostRecovery | Should -Be 0
            Get-Content $row.Report -Raw | Should -Match 'No account changed since the previous scan'
        }
    }

    It 'one tenant failing to sign in is reported on its row; the others are scanned' -Skip:$skipLive {
        $broken = @($tenants | ForEach-Object { $_.Clone() })
        # fabrikam's connection goes to contoso's server with fabrikam's token: refused (401), never contoso's data.
        $broken[1] = @{ Name = 'fabrikam'; Connect = @{ AccessToken = $servers['fabrikam'].SecureToken; GraphEndpoint = $servers['contoso'].Url } }
        $fleet = & $fleetScript -Tenants $broken -OutputFolder (Join-Path $TestDrive 'broken') -Module $manifest
        ($fleet | Where-Object Tenant -eq 'fabrikam').Error | Should -Match 'GraphUnauthorized'
        ($fleet | Where-Object Tenant -eq 'fabrikam').TenantId | Should -BeNullOrEmpty
        ($fleet | Where-Object { $_.Tenant -ne 'fabrikam' }).Error | Where-Object { $_ } | Should -BeNullOrEmpty
    }
}
