#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Test-SsprAdminReadiness and Get-SsprStatus against the expected results in samples/README.md (the oracle):
# one data-driven test per Contoso role holder, and the tenant figures of both samples.

BeforeDiscovery {
    # samples/README.md, "Expected results under -ExpectedAdminSspr Any": UPN local part, exact finding id set,
    # SelfServiceReady, Recoverable, AssistedResetBy (exact, in order; full UPNs), before 2027-02-01 with -Telephony
    # Microsoft (the defaults; the test pins -AsOf 2026-12-01). The emergency access accounts are undeclared here.
    $contosoOracle = @(
        @{ Upn = 'breakglass1@contoso.onmicrosoft.com'; Ids = @('SSPR002', 'SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'breakglass2@contoso.onmicrosoft.com'; Ids = @('SSPR002', 'SSPR009', 'SSPR015'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'charlotte.evans@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'daan.visser@contoso.com'; Ids = @('SSPR002', 'SSPR009', 'SSPR014'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'emily.carter@contoso.com'; Ids = @('SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'emma.dejong@contoso.com'; Ids = @('SSPR014', 'SSPR015', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'eva.lindqvist@contoso.com'; Ids = @('SSPR011', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @() }
        @{ Upn = 'haruto.sato@contoso.com'; Ids = @('SSPR005', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'ingrid.johansen@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'jessica.miller@contoso.com'; Ids = @('SSPR004', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'kari.nordmann@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'lucas.smit@contoso.com'; Ids = @('SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'maarten.devries@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com') }
        @{ Upn = 'michael.johnson@contoso.com'; Ids = @('SSPR010', 'SSPR018'); Ready = $false; Recoverable = $false; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'nora.berg@contoso.com'; Ids = @('SSPR015', 'SSPR021'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'ola.hansen@contoso.com'; Ids = @('SSPR013', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'oliver.bennett@contoso.com'; Ids = @('SSPR006', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'pieter.jansen@contoso.com'; Ids = @('SSPR003'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'ryan.cooper@contoso.com'; Ids = @('SSPR008', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'sarah.thompson@contoso.com'; Ids = @('SSPR008', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'silje.haugen@contoso.com'; Ids = @('SSPR014', 'SSPR016'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com') }
        @{ Upn = 'sophie.bakker@contoso.com'; Ids = @('SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'william.davies@contoso.com'; Ids = @('SSPR007', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
        @{ Upn = 'yui.tanaka@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com') }
    )
}

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
    $single = Join-Path $repo 'samples/single-admin.snapshot.json'

    # The finding ids of a result as a sorted set in one string ('' when there are none), for Should -Be.
    function Get-IdSet($Result) {
        @($Result.Findings | ForEach-Object { $_.Id } | Sort-Object -Unique) -join ','
    }
}

Describe 'Test-SsprAdminReadiness on contoso.snapshot.json (samples/README.md oracle)' {
    BeforeAll {
        $scan = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf 2026-12-01
        $byUpn = @{}
        foreach ($r in $scan) { $byUpn[$r.UserPrincipalName] = $r }
    }

    It 'returns the 24 role holders in UPN order' -TestCases @(@{ Order = @($contosoOracle | ForEach-Object { $_.Upn }) }) {
        $scan | Should -HaveCount 24
        @($scan | ForEach-Object { $_.UserPrincipalName }) -join ' ' | Should -Be ($Order -join ' ')
        @($scan | Where-Object { -not $_.IsAdmin } | ForEach-Object { $_.UserPrincipalName }) | Should -Be 'silje.haugen@contoso.com'
    }

    It '<Upn>: findings <Ids>, SelfServiceReady <Ready>, Recoverable <Recoverable>' -TestCases $contosoOracle {
        $r = $byUpn[$Upn]
        $r | Should -Not -BeNullOrEmpty -Because "$Upn holds a role, so a full scan returns them"
        $r | Should -BeOfType ([SsprTools.AdminReadiness])
        Get-IdSet $r | Should -Be (@($Ids | Sort-Object) -join ',')
        $r.SelfServiceReady | Should -Be $Ready
        $r.Recoverable | Should -Be $Recoverable
        @($r.AssistedResetBy | ForEach-Object { "$_" }) -join ' ' | Should -Be ($ResetBy -join ' ')
    }

    It 'gives the same results for a single -UserPrincipalName as in the full scan' {
        $one = Test-SsprAdminReadiness -SnapshotPath $contoso -UserPrincipalName 'daan.visser@contoso.com'
        Get-IdSet $one | Should -Be (Get-IdSet $byUpn['daan.visser@contoso.com'])
        $one.SelfServiceReady | Should -BeFalse
    }

    It 'checks users without a role when asked by name (bjorn.odegard, daniel.brooks)' {
        $users = 'bjorn.odegard@contoso.com', 'daniel.brooks@contoso.com' | Test-SsprAdminReadiness -SnapshotPath $contoso
        $users | Should -HaveCount 2
        $users | ForEach-Object { Get-IdSet $_ | Should -Be 'SSPR016' }
        $users[0].SelfServiceReady | Should -BeTrue
        $users[1].SelfServiceReady | Should -BeFalse
        $users | ForEach-Object { $_.Recoverable | Should -BeTrue }
    }

    It 'is not -Quiet-ready: michael.johnson cannot recover, so -Quiet returns a single $false' {
        $gate = Test-SsprAdminReadiness -SnapshotPath $contoso -Quiet
        $gate | Should -BeOfType ([bool])
        @($gate) | Should -HaveCount 1
        $gate | Should -BeFalse
    }

    It '-Quiet returns $true when every admin asked for can recover' {
        'kari.nordmann@contoso.com', 'emily.carter@contoso.com' | Test-SsprAdminReadiness -SnapshotPath $contoso -Quiet | Should -BeTrue
    }
}

Describe 'Test-SsprAdminReadiness -ExpectedAdminSspr Disabled on contoso' {
    BeforeAll {
        $any = Test-SsprAdminReadiness -SnapshotPath $contoso
        $disabled = Test-SsprAdminReadiness -SnapshotPath $contoso -ExpectedAdminSspr Disabled
    }

    It 'adds SSPR017 to all 23 admins and not to silje.haugen' {
        @($disabled | Where-Object { $_.Findings.Id -contains 'SSPR017' }) | Should -HaveCount 23
        ($disabled | Where-Object { $_.UserPrincipalName -eq 'silje.haugen@contoso.com' }).Findings.Id | Should -Not -Contain 'SSPR017'
    }

    It 'changes neither flag' {
        for ($i = 0; $i -lt $any.Count; $i++) {
            $disabled[$i].SelfServiceReady | Should -Be $any[$i].SelfServiceReady
            $disabled[$i].Recoverable | Should -Be $any[$i].Recoverable
        }
    }

    It 'reports the contact findings as Info' {
        $daan = $disabled | Where-Object { $_.UserPrincipalName -eq 'daan.visser@contoso.com' }
        ($daan.Findings | Where-Object { $_.Id -eq 'SSPR002' }).Severity.ToString() | Should -Be 'Info'
        ($daan.Findings | Where-Object { $_.Id -eq 'SSPR009' }).Severity.ToString() | Should -Be 'Info'
    }
}

Describe 'Get-SsprStatus (samples/README.md oracle)' {
    It 'gives the Contoso figures' {
        $s = Get-SsprStatus -SnapshotPath $contoso
        $s.TenantName | Should -Be 'Contoso Ltd'
        $s.SelfServePasswordResetEnabled | Should -BeTrue
        $s.TwoGatePolicyApplies | Should -BeTrue
        $s.AdminCount | Should -Be 23
        $s.GlobalAdminCount | Should -Be 3
        $s.RecoverableAdminCount | Should -Be 22
        $s.RegistrationReportAvailable | Should -BeTrue
        # No -EmergencyAccessAccount: SSPR020 Info naming the candidate breakglass1 (security-emergency-access).
        @($s.Findings) | Should -HaveCount 1
        $s.Findings[0].Id | Should -Be 'SSPR020'
        $s.Findings[0].Severity.ToString() | Should -Be 'Info'
        $s.Findings[0].Detail | Should -BeLike '*breakglass1@contoso.onmicrosoft.com*'
        @($s.NotEvaluated) | Should -HaveCount 0
        $s.AuthenticationMethodsPolicy.MigrationState | Should -Be 'migrationComplete'
        $s.AuthenticationMethodsPolicy.Sms | Should -Be 'enabled'
    }

    It 'judges the declared emergency access accounts by SSPR019 (breakglass1 fit, breakglass2 not)' {
        $bg = 'breakglass1@contoso.onmicrosoft.com', 'breakglass2@contoso.onmicrosoft.com'
        $r = Test-SsprAdminReadiness -SnapshotPath $contoso -EmergencyAccessAccount $bg -UserPrincipalName $bg
        $r | Should -HaveCount 2
        $r | ForEach-Object { $_.IsEmergencyAccess | Should -BeTrue }
        Get-IdSet $r[0] | Should -Be ''
        Get-IdSet $r[1] | Should -Be 'SSPR015,SSPR019'
        $s = Get-SsprStatus -SnapshotPath $contoso -EmergencyAccessAccount $bg
        @($s.Findings) | Should -HaveCount 0
        $s.EmergencyAccessAccounts | Should -Be $bg
    }

    It 'warns about a declared emergency access account that does not exist' {
        $s = Get-SsprStatus -SnapshotPath $contoso -EmergencyAccessAccount 'breakglass1@contoso.onmicrosoft.com', 'nobody@contoso.onmicrosoft.com' -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -BeLike '*nobody@contoso.onmicrosoft.com*'
        $s.Findings[0].Id | Should -Be 'SSPR020'
        $s.Findings[0].Severity.ToString() | Should -Be 'Warning'
    }

    It 'gives the Fabrikam figures, and SSPR017 under Disabled for Contoso' {
        $s = Get-SsprStatus $single
        $s.AdminCount | Should -Be 1
        $s.GlobalAdminCount | Should -Be 1
        $s.RecoverableAdminCount | Should -Be 0
        $s.RegistrationReportAvailable | Should -BeFalse
        @($s.NotEvaluated) | Should -HaveCount 2
        @($s.Findings | ForEach-Object { $_.Id } | Sort-Object) -join ',' | Should -Be 'SSPR001,SSPR012,SSPR020'

        (Get-SsprStatus -SnapshotPath $contoso -ExpectedAdminSspr Disabled).Findings.Id | Should -Contain 'SSPR017'
    }

    It 'marks marcus.reed unrecoverable (SSPR001, SSPR011, SSPR012)' {
        $m = Test-SsprAdminReadiness -SnapshotPath $single
        Get-IdSet $m | Should -Be 'SSPR001,SSPR011,SSPR012'
        $m.SelfServiceReady | Should -BeFalse
        $m.Recoverable | Should -BeFalse
        @($m.AssistedResetBy) | Should -HaveCount 0
    }
}
