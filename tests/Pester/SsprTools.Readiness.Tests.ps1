#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for machines with pwsh: run by ./build.ps1 -Task Test after the module is built.

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
    $single = Join-Path $repo 'samples/single-admin.snapshot.json'
}

Describe 'Get-SsprStatus' {
    It 'reports the admin SSPR switch and the two-gate policy of the sample tenant' {
        $status = Get-SsprStatus -SnapshotPath $contoso
        $status.PSObject.TypeNames[0] | Should -Be 'SsprTools.TenantStatus'
        $status.SelfServePasswordResetEnabled | Should -BeTrue
        $status.TwoGatePolicyApplies | Should -BeTrue
        $status.AdminCount | Should -BeGreaterOrEqual 15
        $status.Findings.Id | Should -Not -Contain 'SSPR012'
    }

    It 'flags a single Global Administrator with admin SSPR off' {
        $status = Get-SsprStatus $single
        $status.SelfServePasswordResetEnabled | Should -BeFalse
        $status.Findings.Id | Should -Contain 'SSPR001'
        $status.Findings.Id | Should -Contain 'SSPR012'
    }

    It 'fails cleanly on a missing file' {
        { Get-SsprStatus -SnapshotPath (Join-Path $TestDrive 'nope.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SnapshotNotFound,SsprTools.Commands.GetSsprStatusCommand'
    }

    It 'refuses a newer schemaVersion' {
        $file = Join-Path $TestDrive 'newer.json'
        Set-Content -LiteralPath $file -Value '{ "schemaVersion": 9, "tenant": { "id": "x" } }'
        { Get-SsprStatus -SnapshotPath $file -ErrorAction Stop } | Should -Throw -ErrorId 'SnapshotSchemaTooNew*'
    }
}

Describe 'Test-SsprAdminReadiness' {
    BeforeAll {
        $results = Test-SsprAdminReadiness -SnapshotPath $contoso
    }

    It 'returns one readiness object per admin' {
        $results.Count | Should -BeGreaterOrEqual 15
        $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'SsprTools.AdminReadiness' }
    }

    It 'fires every finding from SSPR002 to SSPR016 except SSPR012 somewhere in the sample' {
        $ids = $results.Findings.Id | Sort-Object -Unique
        foreach ($n in 2..16) {
            $id = 'SSPR{0:000}' -f $n
            if ($id -ne 'SSPR012') { $ids | Should -Contain $id }
        }
    }

    It 'adds SSPR017 to every admin when admin SSPR is expected to be disabled' {
        $admins = Test-SsprAdminReadiness -SnapshotPath $contoso -ExpectedAdminSspr Disabled | Where-Object IsAdmin
        $admins | ForEach-Object { $_.Findings.Id | Should -Contain 'SSPR017' }
    }

    It 'takes names from the pipeline by value and by property name, and goes on past an unknown name' {
        $names = $results.UserPrincipalName | Select-Object -First 2
        $out = $names[0], 'nobody@contoso.com', $names[1] |
            Test-SsprAdminReadiness -SnapshotPath $contoso -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.UserPrincipalName | Should -Be $names
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UserNotFound,SsprTools.Commands.TestSsprAdminReadinessCommand'

        ([pscustomobject]@{ UserPrincipalName = $names[0] } | Test-SsprAdminReadiness -SnapshotPath $contoso).UserPrincipalName |
            Should -Be $names[0]
    }

    It 'returns a single false with -Quiet when an admin cannot recover' {
        Test-SsprAdminReadiness -SnapshotPath $single -Quiet | Should -BeFalse
    }

    It 'has help with examples' {
        (Get-Help Test-SsprAdminReadiness -Full).Examples.Example.Count | Should -BeGreaterOrEqual 2
        (Get-Help Get-SsprStatus -Full).Examples.Example.Count | Should -BeGreaterOrEqual 2
    }
}
