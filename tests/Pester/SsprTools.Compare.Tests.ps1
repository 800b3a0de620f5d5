#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Compare-SsprReadiness and the Markdown summary: the sample tenant and the same tenant a week later.

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'

    # Contoso a week later: Eva's account disabled (she cannot get back in), Michael's enabled again.
    $week2 = Join-Path $TestDrive 'week2.snapshot.json'
    $data = Get-Content -LiteralPath $contoso -Raw | ConvertFrom-Json
    ($data.users | Where-Object userPrincipalName -eq 'eva.lindqvist@contoso.com').accountEnabled = $false
    ($data.users | Where-Object userPrincipalName -eq 'michael.johnson@contoso.com').accountEnabled = $true
    $data | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $week2 -Encoding utf8
}

Describe 'Compare-SsprReadiness' {
    It 'returns one change per account that changed, the loss first' {
        $changes = Compare-SsprReadiness -ReferenceSnapshotPath $contoso -DifferenceSnapshotPath $week2
        $changes.Count | Should -Be 2
        $changes[0].PSObject.TypeNames[0] | Should -Be 'SsprTools.ReadinessChange'
        $changes[0].UserPrincipalName | Should -Be 'eva.lindqvist@contoso.com'
        "$($changes[0].Change)" | Should -Be 'BecameUnrecoverable'
        $changes[0].FindingsAdded.Id | Should -Contain 'SSPR010'
        $changes[0].Before.Recoverable | Should -BeTrue
        $changes[0].After.Recoverable | Should -BeFalse
        "$($changes[1].Change)" | Should -Be 'BecameRecoverable'
    }

    It 'renders with its table view' {
        $text = Compare-SsprReadiness $contoso $week2 | Out-String -Width 160
        $text | Should -Match 'BecameUnrecoverable\s+eva\.lindqvist@contoso\.com\s+True -> False\s+SSPR010'
    }

    It '-Quiet is false when someone became unrecoverable, true when not' {
        Compare-SsprReadiness $contoso $week2 -Quiet | Should -BeFalse
        Compare-SsprReadiness $contoso $contoso -Quiet | Should -BeTrue
    }

    It 'refuses two different tenants with a clear error' {
        $other = Join-Path $TestDrive 'fabrikam.snapshot.json'
        $data = Get-Content -LiteralPath $contoso -Raw | ConvertFrom-Json
        $data.tenant.id = '99999999-0000-0000-0000-000000000009'
        $data | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $other -Encoding utf8
        { Compare-SsprReadiness $contoso $other -ErrorAction Stop } |
            Should -Throw -ErrorId 'CompareTenantMismatch,SsprTools.Commands.CompareSsprReadinessCommand'
    }
}

Describe 'Export-SsprReadinessReport with changes' {
    It 'writes a Markdown job summary with the verdict and what changed' {
        $changes = Compare-SsprReadiness $contoso $week2
        $md = Join-Path $TestDrive 'summary.md'
        $file = Export-SsprReadinessReport -SnapshotPath $week2 -Changes $changes -Format Markdown -Path $md
        $file.FullName | Should -Be $md
        $text = Get-Content -LiteralPath $md -Raw
        $text | Should -Match '^## '
        $text | Should -Match '1 of \d+ admins cannot get back in'
        $text | Should -Match '\| \*\*Became unrecoverable\*\* \| eva\.lindqvist@contoso\.com \|'
    }

    It 'shows the changes in the HTML report, and says so when nothing changed' {
        $html = Join-Path $TestDrive 'report.html'
        $changes = Compare-SsprReadiness $contoso $week2
        Export-SsprReadinessReport -SnapshotPath $week2 -Changes $changes -Path $html | Out-Null
        Get-Content -LiteralPath $html -Raw | Should -Match 'data-change="BecameUnrecoverable" data-upn="eva\.lindqvist@contoso\.com"'

        $none = Compare-SsprReadiness $contoso $contoso
        Export-SsprReadinessReport -SnapshotPath $contoso -Changes $none -Path $html -Force | Out-Null
        Get-Content -LiteralPath $html -Raw | Should -Match 'No account changed since the previous scan'
    }
}
