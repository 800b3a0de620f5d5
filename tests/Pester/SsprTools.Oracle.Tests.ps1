#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Test-SsprAdminReadiness and Get-SsprStatus against the expected results in samples/README.md (the oracle):
# one data-driven test per Contoso role holder, and the tenant figures of both samples.

BeforeDiscovery {
    # samples/README.md, "Expected results under -ExpectedAdminSspr Any": UPN local part, exact finding id set,
    # SelfServiceReady, Recoverable, AssistedResetBy (exact, in order; local parts, all @contoso.com); then the same
    # from 2027-02-01, when Microsoft no longer delivers SMS and voice (AssistedResetBy does not change).
    # samples/README.md: before 2027-02-01 (the tests pin -AsOf 2026-12-01) and from 2027-02-01, both with -Telephony Microsoft.
    $contosoOracle = @(
        @{ Upn = 'charlotte.evans'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'daan.visser'; Ids = @('SSPR002', 'SSPR009', 'SSPR014'); Ready = $false; Recoverable = $true; ResetBy = @('charlotte.evans', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR002', 'SSPR009', 'SSPR014'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'emily.carter'; Ids = @('SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR009', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'emma.dejong'; Ids = @('SSPR014', 'SSPR015', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('charlotte.evans', 'daan.visser', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR009', 'SSPR014', 'SSPR015', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'eva.lindqvist'; Ids = @('SSPR011', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @(); IdsAfter = @('SSPR009', 'SSPR011', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $false }
        @{ Upn = 'haruto.sato'; Ids = @('SSPR005', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR005', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'ingrid.johansen'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'jessica.miller'; Ids = @('SSPR004', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR004', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'kari.nordmann'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'maarten.devries'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'lucas.smit'; Ids = @('SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR003', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'maarten.devries'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'michael.johnson'; Ids = @('SSPR010', 'SSPR018'); Ready = $false; Recoverable = $false; ResetBy = @('charlotte.evans', 'daan.visser', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR009', 'SSPR010', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $false }
        @{ Upn = 'nora.berg'; Ids = @('SSPR015', 'SSPR021'); Ready = $true; Recoverable = $true; ResetBy = @('charlotte.evans', 'daan.visser', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR015', 'SSPR021'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'ola.hansen'; Ids = @('SSPR013', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR009', 'SSPR013', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'oliver.bennett'; Ids = @('SSPR006', 'SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR006', 'SSPR009', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'ryan.cooper'; Ids = @('SSPR008', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR008', 'SSPR009', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'sarah.thompson'; Ids = @('SSPR008', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR008', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'silje.haugen'; Ids = @('SSPR014', 'SSPR016'); Ready = $true; Recoverable = $true; ResetBy = @('charlotte.evans', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker'); IdsAfter = @('SSPR014', 'SSPR016'); ReadyAfter = $true; RecoverableAfter = $true }
        @{ Upn = 'sophie.bakker'; Ids = @('SSPR014', 'SSPR018'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR009', 'SSPR014', 'SSPR018'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'william.davies'; Ids = @('SSPR007', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR007', 'SSPR009'); ReadyAfter = $false; RecoverableAfter = $true }
        @{ Upn = 'yui.tanaka'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries'); IdsAfter = @('SSPR014'); ReadyAfter = $true; RecoverableAfter = $true }
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

    It 'returns the 21 role holders in UPN order' -TestCases @(@{ Order = @($contosoOracle | ForEach-Object { "$($_.Upn)@contoso.com" }) }) {
        $scan | Should -HaveCount 21
        @($scan | ForEach-Object { $_.UserPrincipalName }) -join ' ' | Should -Be ($Order -join ' ')
        @($scan | Where-Object { -not $_.IsAdmin } | ForEach-Object { $_.UserPrincipalName }) | Should -Be 'silje.haugen@contoso.com'
    }

    It '<Upn>: findings <Ids>, SelfServiceReady <Ready>, Recoverable <Recoverable>' -TestCases $contosoOracle {
        $r = $byUpn["$Upn@contoso.com"]
        $r | Should -Not -BeNullOrEmpty -Because "$Upn holds a role, so a full scan returns them"
        $r | Should -BeOfType ([SsprTools.AdminReadiness])
        Get-IdSet $r | Should -Be (@($Ids | Sort-Object) -join ',')
        $r.SelfServiceReady | Should -Be $Ready
        $r.Recoverable | Should -Be $Recoverable
        @($r.AssistedResetBy | ForEach-Object { "$_" }) -join ' ' | Should -Be (@($ResetBy | ForEach-Object { "$_@contoso.com" }) -join ' ')
    }

    It '<Upn> from 2027-02-01: findings <IdsAfter>, SelfServiceReady <ReadyAfter>, Recoverable <RecoverableAfter>' -TestCases $contosoOracle {
        $r = $after["$Upn@contoso.com"]
        Get-IdSet $r | Should -Be (@($IdsAfter | Sort-Object) -join ',')
        $r.SelfServiceReady | Should -Be $ReadyAfter
        $r.Recoverable | Should -Be $RecoverableAfter
        @($r.AssistedResetBy | ForEach-Object { "$_" }) -join ' ' | Should -Be (@($ResetBy | ForEach-Object { "$_@contoso.com" }) -join ' ')
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

    It 'adds SSPR017 to all 20 admins and not to silje.haugen' {
        @($disabled | Where-Object { $_.Findings.Id -contains 'SSPR017' }) | Should -HaveCount 20
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
        $s.AdminCount | Should -Be 20
        $s.GlobalAdminCount | Should -Be 2
        $s.RecoverableAdminCount | Should -Be 19
        $s.RegistrationReportAvailable | Should -BeTrue
        @($s.Findings) | Should -HaveCount 0
        @($s.NotEvaluated) | Should -HaveCount 0
        # What 2027-02-01 does (concept-sms-voice-retirement): 8 admins depend on SMS/voice, 7 of them lose self-service.
        $s.Telephony.ToString() | Should -Be 'Microsoft'
        $s.SmsVoiceDependentAdminCount | Should -Be 8
        $s.SelfServiceReadyAdminCount | Should -Be 13
        $s.SelfServiceReadyAdminCountAfterRetirement | Should -Be 6
        $s.RecoverableAdminCountAfterRetirement | Should -Be 18
        @($s.AdminsLosingSelfService) | Should -HaveCount 7
        (Get-SsprStatus -SnapshotPath $contoso -AsOf 2027-02-01).RecoverableAdminCount | Should -Be 18
    }

    It 'gives the Fabrikam figures, and SSPR017 under Disabled for Contoso' {
        $s = Get-SsprStatus $single
        $s.AdminCount | Should -Be 1
        $s.GlobalAdminCount | Should -Be 1
        $s.RecoverableAdminCount | Should -Be 0
        $s.RegistrationReportAvailable | Should -BeFalse
        @($s.NotEvaluated) | Should -HaveCount 2
        @($s.Findings | ForEach-Object { $_.Id } | Sort-Object) -join ',' | Should -Be 'SSPR001,SSPR012'

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
