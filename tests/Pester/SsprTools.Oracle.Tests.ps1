#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Test-SsprAdminReadiness and Get-SsprStatus against the expected results in samples/README.md (the oracle):
# one data-driven test per Contoso role holder, and the tenant figures of both samples.

BeforeDiscovery {
    # samples/README.md, "Expected results under -ExpectedAdminSspr Any": UPN local part, exact finding id set,
    # SelfServiceReady, Recoverable, AssistedResetBy (exact, in order; full UPNs: the emergency access accounts are on
    # contoso.onmicrosoft.com, and undeclared here, so judged as ordinary admins); then the same
    # from 2027-02-01, when Microsoft no longer delivers SMS and voice (AssistedResetBy does not change).
    # samples/README.md: before 2027-02-01 (the tests pin -AsOf 2026-12-01) and from 2027-02-01, both with -Telephony Microsoft.
    $contosoOracle = @(
        @{ Upn = 'breakglass1@contoso.onmicrosoft.com'; Ids = @('SSPR002', 'SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR002', 'SSPR003', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'breakglass2@contoso.onmicrosoft.com'; Ids = @('SSPR002', 'SSPR009', 'SSPR015'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR002', 'SSPR009', 'SSPR015'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'charlotte.evans@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'daan.visser@contoso.com'; Ids = @('SSPR002', 'SSPR009', 'SSPR014'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR002', 'SSPR009', 'SSPR014'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'emily.carter@contoso.com'; Ids = @('SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR009', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'emma.dejong@contoso.com'; Ids = @('SSPR014', 'SSPR015', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR009', 'SSPR014', 'SSPR015', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'eva.lindqvist@contoso.com'; Ids = @('SSPR011', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @(); IdsAfter = @('SSPR009', 'SSPR011', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $false }
        @{ Upn = 'haruto.sato@contoso.com'; Ids = @('SSPR005', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR005', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'ingrid.johansen@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'jessica.miller@contoso.com'; Ids = @('SSPR004', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR004', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'kari.nordmann@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'lucas.smit@contoso.com'; Ids = @('SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR003', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'maarten.devries@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'michael.johnson@contoso.com'; Ids = @('SSPR010', 'SSPR018'); Ready = $false; Recoverable = $false; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR009', 'SSPR010', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $false }
        @{ Upn = 'nora.berg@contoso.com'; Ids = @('SSPR015', 'SSPR021'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'daan.visser@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR015', 'SSPR021'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'ola.hansen@contoso.com'; Ids = @('SSPR013', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR009', 'SSPR013', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'oliver.bennett@contoso.com'; Ids = @('SSPR006', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR006', 'SSPR009', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'pieter.jansen@contoso.com'; Ids = @('SSPR003'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR003'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'ryan.cooper@contoso.com'; Ids = @('SSPR008', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR008', 'SSPR009', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'sarah.thompson@contoso.com'; Ids = @('SSPR008', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR008', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'silje.haugen@contoso.com'; Ids = @('SSPR014', 'SSPR016'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'charlotte.evans@contoso.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com', 'ola.hansen@contoso.com', 'sophie.bakker@contoso.com'); IdsAfter = @('SSPR014', 'SSPR016'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'sophie.bakker@contoso.com'; Ids = @('SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR009', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'william.davies@contoso.com'; Ids = @('SSPR007', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR007', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'yui.tanaka@contoso.com'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('breakglass1@contoso.onmicrosoft.com', 'emily.carter@contoso.com', 'kari.nordmann@contoso.com', 'maarten.devries@contoso.com'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
    )
}

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
    # The oracle's date: before Microsoft stops delivering SMS/voice on 2027-02-01, whatever today is.
    $before = [datetime]'2026-12-01'
    $single = Join-Path $repo 'samples/single-admin.snapshot.json'

    # The finding ids of a result as a sorted set in one string ('' when there are none), for Should -Be.
    function Get-IdSet($Result) {
        @($Result.Findings | ForEach-Object { $_.Id } | Sort-Object -Unique) -join ','
    }
}

Describe 'Test-SsprAdminReadiness on contoso.snapshot.json (samples/README.md oracle)' {
    BeforeAll {
        $scan = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before
        $byUpn = @{}
        $after = @{}
        foreach ($r in (Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf 2027-02-01)) { $after[$r.UserPrincipalName] = $r }
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

    It '<Upn> from 2027-02-01: findings <IdsAfter>, SelfServiceReady <ReadyAfter>, Recoverable <RecoverableAfter>' -TestCases $contosoOracle {
        $r = $after[$Upn]
        Get-IdSet $r | Should -Be (@($IdsAfter | Sort-Object) -join ',')
        $r.SelfServiceReady | Should -Be $ReadyAfter
        $r.Recoverable | Should -Be $RecoverableAfter
        @($r.AssistedResetBy | ForEach-Object { "$_" }) -join ' ' | Should -Be ($ResetBy -join ' ')
    }

    It 'keeps the phones counting with -Telephony CustomerManaged on 2027-02-01: no SSPR018, nobody loses self-service' {
        $managed = Test-SsprAdminReadiness -SnapshotPath $contoso -Telephony CustomerManaged -AsOf 2027-02-01
        @($managed | Where-Object { $_.Findings.Id -contains 'SSPR018' }) | Should -HaveCount 0
        @($managed | Where-Object { $_.SelfServiceReady }).Count | Should -Be @($scan | Where-Object { $_.SelfServiceReady }).Count
    }

    It 'gives the same results for a single -UserPrincipalName as in the full scan' {
        $one = Test-SsprAdminReadiness -SnapshotPath $contoso -UserPrincipalName 'daan.visser@contoso.com'
        Get-IdSet $one | Should -Be (Get-IdSet $byUpn['daan.visser@contoso.com'])
        $one.SelfServiceReady | Should -BeFalse
    }

    It 'checks users without a role when asked by name (bjorn.odegard, daniel.brooks)' {
        $users = 'bjorn.odegard@contoso.com', 'daniel.brooks@contoso.com' | Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before
        $users | Should -HaveCount 2
        Get-IdSet $users[0] | Should -Be 'SSPR014,SSPR016'
        Get-IdSet $users[1] | Should -Be 'SSPR016'
        $users[0].AssistedResetBy | Should -Contain 'ingrid.johansen@contoso.com'
        $users[0].SelfServiceReady | Should -BeTrue
        $users[1].SelfServiceReady | Should -BeFalse
        $users | ForEach-Object { $_.Recoverable | Should -BeTrue }
    }

    It 'is not -Quiet-ready: michael.johnson cannot recover, so -Quiet returns a single $false' {
        $gate = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before -Quiet
        $gate | Should -BeOfType ([bool])
        @($gate) | Should -HaveCount 1
        $gate | Should -BeFalse
    }

    It '-Quiet returns $true when every admin asked for can recover' {
        'kari.nordmann@contoso.com', 'emily.carter@contoso.com' | Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before -Quiet | Should -BeTrue
    }
}

Describe 'Test-SsprAdminReadiness -ExpectedAdminSspr Disabled on contoso' {
    BeforeAll {
        $any = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before
        $disabled = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before -ExpectedAdminSspr Disabled
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
        $emily = $disabled | Where-Object { $_.UserPrincipalName -eq 'emily.carter@contoso.com' }
        ($emily.Findings | Where-Object { $_.Id -eq 'SSPR018' }).Severity.ToString() | Should -Be 'Info'
    }
}

Describe 'Get-SsprStatus (samples/README.md oracle)' {
    It 'gives the Contoso figures' {
        $s = Get-SsprStatus -SnapshotPath $contoso -AsOf $before
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
        # What 2027-02-01 does (concept-sms-voice-retirement): 8 admins depend on SMS/voice, 7 of them lose self-service.
        $s.Telephony.ToString() | Should -Be 'Microsoft'
        $s.SmsVoiceDependentAdminCount | Should -Be 8
        $s.SelfServiceReadyAdminCount | Should -Be 14
        $s.SelfServiceReadyAdminCountAfterRetirement | Should -Be 7
        $s.RecoverableAdminCountAfterRetirement | Should -Be 21
        @($s.AdminsLosingSelfService) | Should -HaveCount 7
        (Get-SsprStatus -SnapshotPath $contoso -AsOf 2027-02-01).RecoverableAdminCount | Should -Be 21
    }

    It 'judges the declared emergency access accounts by SSPR019 (breakglass1 fit, breakglass2 not)' {
        $bg = 'breakglass1@contoso.onmicrosoft.com', 'breakglass2@contoso.onmicrosoft.com'
        $r = Test-SsprAdminReadiness -SnapshotPath $contoso -AsOf $before -EmergencyAccessAccount $bg -UserPrincipalName $bg
        $r | Should -HaveCount 2
        $r | ForEach-Object { $_.IsEmergencyAccess | Should -BeTrue }
        Get-IdSet $r[0] | Should -Be ''
        Get-IdSet $r[1] | Should -Be 'SSPR015,SSPR019'
        $s = Get-SsprStatus -SnapshotPath $contoso -AsOf $before -EmergencyAccessAccount $bg
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
