#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Test-SsprAdminReadiness and Get-SsprStatus against the expected results in samples/README.md (the oracle):
# one data-driven test per Contoso role holder, and the tenant figures of both samples.

BeforeDiscovery {
    # samples/README.md, "Expected results under -ExpectedAdminSspr Any": UPN local part, exact finding id set,
    # SelfServiceReady, Recoverable, AssistedResetBy (exact, in order; local parts, all @contoso.com).
    $contosoOracle = @(
        @{ Upn = 'charlotte.evans'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'daan.visser'; Ids = @('SSPR002', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('charlotte.evans', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker') }
        @{ Upn = 'emily.carter'; Ids = @(); Ready = $true; Recoverable = $true; ResetBy = @('kari.nordmann', 'maarten.devries') }
        @{ Upn = 'emma.dejong'; Ids = @('SSPR015'); Ready = $true; Recoverable = $true; ResetBy = @('charlotte.evans', 'daan.visser', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker') }
        @{ Upn = 'eva.lindqvist'; Ids = @('SSPR011'); Ready = $true; Recoverable = $true; ResetBy = @() }
        @{ Upn = 'haruto.sato'; Ids = @('SSPR005', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'ingrid.johansen'; Ids = @(); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker') }
        @{ Upn = 'jessica.miller'; Ids = @('SSPR004', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'kari.nordmann'; Ids = @(); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'maarten.devries') }
        @{ Upn = 'lucas.smit'; Ids = @('SSPR003', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'maarten.devries'; Ids = @(); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann') }
        @{ Upn = 'michael.johnson'; Ids = @('SSPR010'); Ready = $false; Recoverable = $false; ResetBy = @('charlotte.evans', 'daan.visser', 'emily.carter', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker') }
        @{ Upn = 'ola.hansen'; Ids = @('SSPR013'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'oliver.bennett'; Ids = @('SSPR006', 'SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'ryan.cooper'; Ids = @('SSPR008'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'sarah.thompson'; Ids = @('SSPR008', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'silje.haugen'; Ids = @('SSPR016'); Ready = $true; Recoverable = $true; ResetBy = @('charlotte.evans', 'emily.carter', 'ingrid.johansen', 'kari.nordmann', 'maarten.devries', 'ola.hansen', 'sophie.bakker') }
        @{ Upn = 'sophie.bakker'; Ids = @(); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'william.davies'; Ids = @('SSPR007', 'SSPR009'); Ready = $false; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
        @{ Upn = 'yui.tanaka'; Ids = @('SSPR014'); Ready = $true; Recoverable = $true; ResetBy = @('emily.carter', 'kari.nordmann', 'maarten.devries') }
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
        $scan = Test-SsprAdminReadiness -SnapshotPath $contoso
        $byUpn = @{}
        foreach ($r in $scan) { $byUpn[$r.UserPrincipalName] = $r }
    }

    It 'returns the 20 role holders in UPN order' -TestCases @(@{ Order = @($contosoOracle | ForEach-Object { "$($_.Upn)@contoso.com" }) }) {
        $scan | Should -HaveCount 20
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

    It 'adds SSPR017 to all 19 admins and not to silje.haugen' {
        @($disabled | Where-Object { $_.Findings.Id -contains 'SSPR017' }) | Should -HaveCount 19
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
        $s.AdminCount | Should -Be 19
        $s.GlobalAdminCount | Should -Be 2
        $s.RecoverableAdminCount | Should -Be 18
        $s.RegistrationReportAvailable | Should -BeTrue
        @($s.Findings) | Should -HaveCount 0
        @($s.NotEvaluated) | Should -HaveCount 0
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
