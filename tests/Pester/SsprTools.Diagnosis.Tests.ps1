#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for Get-SsprActivity and Get-SsprDiagnosis (samples/README.md is the oracle).

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
    $single = Join-Path $repo 'samples/single-admin.snapshot.json'
}

Describe 'Get-SsprActivity' {
    It 'groups the sample audit log into four attempts in time order' {
        $attempts = Get-SsprActivity -SnapshotPath $contoso
        $attempts.Count | Should -Be 4
        $attempts[0].PSObject.TypeNames[0] | Should -Be 'SsprTools.ResetAttempt'
        ($attempts | ForEach-Object { [string]$_.Outcome }) | Should -Be @('Blocked', 'Succeeded', 'Failed', 'Failed')
        ($attempts | ForEach-Object { $_.CauseId }) | Should -Be @('BlockedTooManyAttempts', $null, 'SSPR009', 'CodeExpired')
    }

    It 'counts -Days back from the snapshot time' {
        (Get-SsprActivity -SnapshotPath $contoso -Days 1).Count | Should -Be 2
    }

    It 'reports an unknown name as a non-terminating error' {
        $result = Get-SsprActivity -UserPrincipalName 'nobody@contoso.com' -SnapshotPath $contoso -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
    }
}

Describe 'Get-SsprDiagnosis' {
    It 'finds the expired SMS code of charlotte.evans against both windows' {
        $d = Get-SsprDiagnosis -UserPrincipalName 'charlotte.evans@contoso.com' -Symptom InvalidSecurityCode -SnapshotPath $contoso
        $d.PSObject.TypeNames[0] | Should -Be 'SsprTools.Diagnosis'
        $d.LikelyCauses.Id | Should -Contain 'CodeExpired'
        ($d.LikelyCauses | Where-Object Id -eq 'CodeExpired').Evidence -join ' ' | Should -Match 'beyond both'
        $d.NextSteps[0] | Should -Match '^Retype the security code'
    }

    It 'sends a non-admin to their administrator' {
        $d = Get-SsprDiagnosis 'silje.haugen@contoso.com' NoEmailReceived -SnapshotPath $contoso
        $d.LikelyCauses.Id | Should -Contain 'SSPR016'
        $d.NextSteps[0] | Should -Match 'contact your administrator'
    }

    It 'sends the only admin to support' {
        $d = Get-SsprDiagnosis 'marcus.reed@fabrikam.com' NoSmsReceived -SnapshotPath $single
        $d.LikelyCauses.Id | Should -Contain 'SSPR001'
        $d.NextSteps[0] | Should -Match 'contact Microsoft support'
    }
}
