#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Pester 5 suite for Reset-AdminPassword against the fake Microsoft Graph (tests/SsprTools.FakeGraph), started here in the
# background with `dotnet run`. Without the .NET SDK on PATH the whole suite is skipped, saying so.
# The xunit module tests (tests/SsprTools.Module.Tests/ResetCmdletTests.cs) cover the same ground and more (the server's
# recorded request bodies, $Error and the session history); this file is the same check from a real pwsh session.

BeforeDiscovery {
    $script:dotnet = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $script:dotnet) {
        Write-Warning 'SsprTools.Reset.Tests.ps1: dotnet (the .NET SDK) is not on PATH, so the fake Graph server cannot be started: every Reset-AdminPassword test is SKIPPED.'
    }
}

Describe 'Reset-AdminPassword against the fake Graph' -Skip:(-not $script:dotnet) {
    BeforeAll {
        $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $dotnetExe = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source   # discovery variables do not reach the run phase
        Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
        $fixture = Join-Path $repo 'samples/contoso.snapshot.json'
        $kari = 'ab86c8ac-fb45-5aef-bc71-bc6268230a88'     # kari.nordmann@contoso.com, Global Administrator: the caller
        $emily = '4ed22f3e-f0f2-553b-98f5-947b0c2af11c'    # emily.carter@contoso.com, Global Administrator: a target

        # An unsigned JWT the fake accepts (--token): the caller is kari (oid) with the read scopes and the reset permission.
        function ConvertTo-Base64Url([string] $json) {
            [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        }
        $claims = @{
            tid = '11111111-2222-3333-4444-555555555555'; upn = 'kari.nordmann@contoso.com'; oid = $kari
            scp = 'Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All User.Read User-PasswordProfile.ReadWrite.All'
            exp = [DateTimeOffset]::UtcNow.AddHours(2).ToUnixTimeSeconds()
        }
        $token = (ConvertTo-Base64Url '{"alg":"none","typ":"JWT"}') + '.' + (ConvertTo-Base64Url ($claims | ConvertTo-Json -Compress)) + '.c2lnbmF0dXJl'

        # A free loopback port, then the server in the background; wait for its "listening" line.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $log = Join-Path ([IO.Path]::GetTempPath()) ("sspr-fakegraph-{0}.log" -f [guid]::NewGuid().ToString('N'))
        $arguments = @('run', '--project', (Join-Path $repo 'tests/SsprTools.FakeGraph'), '-c', 'Release', '--',
            '--fixture', $fixture, '--port', $port, '--retry-after', '0', '--token', $token, '--ignore-stdin')
        $server = Start-Process -FilePath $dotnetExe -ArgumentList $arguments -PassThru -NoNewWindow `
            -RedirectStandardOutput $log -RedirectStandardError "$log.err"
        $endpoint = $null
        $deadline = [DateTime]::UtcNow.AddMinutes(3)   # the first `dotnet run` builds the server
        while (-not $endpoint -and [DateTime]::UtcNow -lt $deadline -and -not $server.HasExited) {
            Start-Sleep -Milliseconds 500
            $line = Get-Content $log -ErrorAction SilentlyContinue | Where-Object { $_ -match 'Fake Graph listening on (\S+)' } | Select-Object -First 1
            if ($line) { $endpoint = ([regex]::Match($line, 'Fake Graph listening on (\S+)')).Groups[1].Value }
        }
        if (-not $endpoint) {
            throw "The fake Graph did not start (see $log and $log.err)."
        }

        Connect-SsprGraph -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) -GraphEndpoint $endpoint | Out-Null

        function Get-LastPasswordChange([string] $id) {
            (Invoke-RestMethod -Uri "$endpoint/v1.0/users/$id`?`$select=lastPasswordChangeDateTime" -Headers @{ Authorization = "Bearer $token" }).lastPasswordChangeDateTime
        }
        function ConvertFrom-Secure([securestring] $s) { [pscredential]::new('x', $s).GetNetworkCredential().Password }
    }

    AfterAll {
        Disconnect-SsprGraph -ErrorAction SilentlyContinue
        if ($server -and -not $server.HasExited) {
            # `dotnet run` starts the server as a child process: end the whole tree (pwsh 7), else the process itself.
            try { $server.Kill($true) } catch { Stop-Process -Id $server.Id -Force -ErrorAction SilentlyContinue }
        }
        Remove-Item $log, "$log.err" -ErrorAction SilentlyContinue
    }

    It '-WhatIf runs the checks and writes nothing' {
        $before = Get-LastPasswordChange $emily
        $r = Reset-AdminPassword -UserPrincipalName emily.carter@contoso.com -WhatIf
        $r | Should -BeNullOrEmpty
        Get-LastPasswordChange $emily | Should -Be $before
    }

    It 'takes the readiness results by property name with -WhatIf' {
        { Test-SsprAdminReadiness | Where-Object { -not $_.SelfServiceReady } | Reset-AdminPassword -WhatIf -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Not -Throw
    }

    It 'resets with -Force and returns the generated password only as a SecureString' {
        $r = Reset-AdminPassword -UserPrincipalName emily.carter@contoso.com -Force -Verbose 4>&1 -InformationVariable info -WarningVariable warn
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $result = @($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $result.Count | Should -Be 1
        $result[0].PSObject.TypeNames[0] | Should -Be 'SsprTools.PasswordResetResult'
        $result[0].Method | Should -Be 'passwordProfile'
        $result[0].ForceChangePasswordNextSignIn | Should -BeTrue
        $result[0].TemporaryPassword | Should -BeOfType [securestring]
        Get-LastPasswordChange $emily | Should -Not -BeNullOrEmpty

        $plain = ConvertFrom-Secure $result[0].TemporaryPassword
        $plain.Length | Should -Be 16
        $shown = @($verbose.Message) + @($warn | ForEach-Object Message) + @($info | ForEach-Object { "$($_.MessageData)" }) +
            @($result[0] | Format-Table | Out-String) + @($result[0] | Format-List | Out-String) + @("$($result[0])")
        ($shown -join "`n").Contains($plain) | Should -BeFalse
        ($verbose.Message -join "`n") | Should -Match 'PATCH /v1.0/users/'
    }

    It 'resets three admins from the pipeline' {
        $r = Test-SsprAdminReadiness -UserPrincipalName sophie.bakker@contoso.com, daan.visser@contoso.com, charlotte.evans@contoso.com |
            Reset-AdminPassword -Force
        @($r).Count | Should -Be 3
        @($r | ForEach-Object { ConvertFrom-Secure $_.TemporaryPassword } | Sort-Object -Unique).Count | Should -Be 3
    }

    It 'refuses a weak -NewPassword before any call, without echoing it' {
        $weak = ConvertTo-SecureString 'kettle12' -AsPlainText -Force
        $err = $null
        try { Reset-AdminPassword emily.carter@contoso.com -NewPassword $weak -Force -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'WeakPassword*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        ("$err " + $err.ErrorDetails.RecommendedAction + $err.Exception.ToString()).Contains('kettle12') | Should -BeFalse
    }

    It 'refuses the caller''s own account' {
        Reset-AdminPassword kari.nordmann@contoso.com -Force -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ResetOwnAccount*'
    }

    It 'reports an unknown account with a suggestion and resets the others' {
        $r = 'sophie.baker@contoso.com', 'daan.visser@contoso.com' | Reset-AdminPassword -Force -ErrorVariable e -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        $e[0].ErrorDetails.Message | Should -Match 'sophie\.bakker@contoso\.com'
    }
}
