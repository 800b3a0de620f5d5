#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# The live path against the fake Microsoft Graph (tests/SsprTools.FakeGraph), started by FakeGraph.ps1 on a free port:
# Connect-SsprGraph / Get-SsprConnection / Disconnect-SsprGraph, parity with -SnapshotPath, and
# Export-SsprTenantSnapshot from the connection. Tagged 'Live'; skipped with the reason when dotnet is missing.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
    $skipLive = Test-FakeGraphSkip
}

Describe 'Live: the module against the fake Graph' -Tag 'Live' {
    BeforeAll {
        $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
        Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
        . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
        $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
        $fake = $null
        if (-not (Get-FakeGraphSkipReason)) {
            $fake = Start-FakeGraph -Fixture $contoso
        }

        # UPN:finding ids:SelfServiceReady:Recoverable:AssistedResetBy of every result, in one string.
        function Get-Signature($Results) {
            @($Results | ForEach-Object {
                    $_.UserPrincipalName + ':' + (@($_.Findings | ForEach-Object { $_.Id } | Sort-Object) -join ',') + ':' +
                    $_.SelfServiceReady + ':' + $_.Recoverable + ':' + (@($_.AssistedResetBy) -join ',')
                }) -join [Environment]::NewLine
        }
    }

    AfterAll {
        Disconnect-SsprGraph
        Stop-FakeGraph $fake
    }

    It 'Connect-SsprGraph -AccessToken -GraphEndpoint returns the connection' -Skip:$skipLive {
        $c = Connect-SsprGraph -AccessToken $fake.SecureToken -GraphEndpoint $fake.Url
        $c.PSObject.TypeNames[0] | Should -Be 'SsprTools.Connection'
        $c.TenantId | Should -Be '4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18'
        $c.Account | Should -Be 'scanner@contoso.com'
        "$($c.AuthType)" | Should -Be 'AccessToken'
        "$($c.GraphEndpoint)" | Should -BeLike "$($fake.Url)*"
        $c.Scopes | Should -Contain 'UserAuthenticationMethod.Read.All'
    }

    It 'Get-SsprConnection shows the current connection' -Skip:$skipLive {
        (Get-SsprConnection).Account | Should -Be 'scanner@contoso.com'
    }

    It 'Test-SsprAdminReadiness gives the same findings live as from the snapshot (parity)' -Skip:$skipLive {
        $live = Test-SsprAdminReadiness
        $live | Should -HaveCount @(Test-SsprAdminReadiness -SnapshotPath $contoso).Count   # the sample grows
        Get-Signature $live | Should -Be (Get-Signature (Test-SsprAdminReadiness -SnapshotPath $contoso))
        Test-SsprAdminReadiness -Quiet | Should -BeFalse
    }

    It 'Get-SsprStatus gives the same figures live as from the snapshot' -Skip:$skipLive {
        $live = Get-SsprStatus
        $file = Get-SsprStatus -SnapshotPath $contoso
        foreach ($p in 'TenantId', 'TenantName', 'SelfServePasswordResetEnabled', 'TwoGatePolicyApplies', 'AdminCount',
            'GlobalAdminCount', 'RecoverableAdminCount', 'RegistrationReportAvailable') {
            "$($live.$p)" | Should -Be "$($file.$p)" -Because "$p is the same live and from the file"
        }
        "$($live.Source)" | Should -Be 'graph'
    }

    It 'Get-SsprActivity and Get-SsprDiagnosis read the audit log live' -Skip:$skipLive {
        @(Get-SsprActivity) | Should -HaveCount 4
        (Get-SsprDiagnosis 'charlotte.evans@contoso.com' InvalidSecurityCode).LikelyCauses.Id | Should -Contain 'CodeExpired'
    }

    It 'Export-SsprTenantSnapshot saves what the live scan read, and the file gives the same findings' -Skip:$skipLive {
        $path = Join-Path $TestDrive 'live.snapshot.json'
        Export-SsprTenantSnapshot -Path $path | Should -BeOfType ([System.IO.FileInfo])
        Get-Signature (Test-SsprAdminReadiness -SnapshotPath $path) | Should -Be (Get-Signature (Test-SsprAdminReadiness -SnapshotPath $contoso))
    }

    It 'Export-SsprReadinessReport scans the connected tenant' -Skip:$skipLive {
        $path = Join-Path $TestDrive 'live.html'
        $null = Export-SsprReadinessReport -Path $path
        [System.IO.File]::ReadAllText($path).Contains('michael.johnson@contoso.com') | Should -BeTrue
    }

    It 'a wrong token fails at connect time with GraphUnauthorized' -Skip:$skipLive {
        $wrong = ConvertTo-FakeGraphSecureString (New-FakeGraphToken -Account 'x@contoso.com' -Scopes 'User.Read.All')
        { Connect-SsprGraph -AccessToken $wrong -GraphEndpoint $fake.Url -ErrorAction Stop } |
            Should -Throw -ErrorId 'GraphUnauthorized,*'
    }

    It 'Disconnect-SsprGraph forgets the connection: a scan then fails with NotConnected' -Skip:$skipLive {
        $null = Connect-SsprGraph -AccessToken $fake.SecureToken -GraphEndpoint $fake.Url
        Disconnect-SsprGraph
        Get-SsprConnection | Should -BeNullOrEmpty
        { Get-SsprStatus -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,SsprTools.Commands.GetSsprStatusCommand'
    }
}
