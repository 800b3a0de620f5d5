# Shared helper for the Pester suite: starts the fake Microsoft Graph (tests/SsprTools.FakeGraph) as a background
# process on a free port, and makes an access token it accepts. Dot-source it in a BeforeAll block:
#
#   BeforeAll {
#       . (Join-Path $PSScriptRoot 'FakeGraph.ps1')
#       $fake = Start-FakeGraph -Fixture $contoso      # $null when dotnet is missing (see Get-FakeGraphSkipReason)
#   }
#   AfterAll { Stop-FakeGraph $fake }
#
# Only .NET and core cmdlets are used, so the same code runs in the hosted engine of tools/SsprShell.

function Get-FakeGraphSkipReason {
    # Why the live tests cannot run here, or $null when they can. Call it in BeforeDiscovery to -Skip them.
    if (-not (Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
        return 'the .NET SDK (dotnet) is not on PATH, so the fake Graph server (tests/SsprTools.FakeGraph) cannot start'
    }
    return $null
}

function Test-FakeGraphSkip {
    # True, with a warning naming the reason, when the live tests cannot run here. In BeforeDiscovery:
    # $skipLive = Test-FakeGraphSkip, then -Skip:$skipLive on each live It.
    $reason = Get-FakeGraphSkipReason
    if ($reason) { Write-Warning "Live tests skipped: $reason." }
    return [bool]$reason
}

function New-FakeGraphToken {
    # An unsigned JWT with the claims the module reads (tid, upn, scp, exp). The fake Graph checks only that the
    # bearer token is exactly the one given with --token; the module reads the account and scopes from it.
    param(
        [string] $TenantId = '11111111-2222-3333-4444-555555555555',
        [string] $Account = 'scanner@contoso.com',
        [string[]] $Scopes = @('Policy.Read.All', 'RoleManagement.Read.Directory', 'User.Read.All', 'UserAuthenticationMethod.Read.All',
            'AuditLog.Read.All', 'GroupMember.Read.All', 'AdministrativeUnit.Read.All', 'User.Read')
    )
    $exp = [DateTimeOffset]::UtcNow.AddHours(2).ToUnixTimeSeconds()
    $payload = '{{"tid":"{0}","upn":"{1}","scp":"{2}","exp":{3}}}' -f $TenantId, $Account, ($Scopes -join ' '), $exp
    $b64 = {
        param([string] $text)
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }
    (& $b64 '{"alg":"none","typ":"JWT"}') + '.' + (& $b64 $payload) + '.c2lnbmF0dXJl'
}

function ConvertTo-FakeGraphSecureString {
    # Connect-SsprGraph -AccessToken takes a SecureString (ConvertTo-SecureString is not a core cmdlet).
    param([Parameter(Mandatory)] [string] $Text)
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}

function Start-FakeGraph {
    # Starts `dotnet run --project tests/SsprTools.FakeGraph -- --fixture <file> --port 0 --ignore-stdin --token <token>`,
    # waits for its "Fake Graph listening on http://127.0.0.1:PORT" line and returns
    # @{ Url; Token; SecureToken; Process }. Throws when the line does not come within -TimeoutSeconds (the first
    # run builds the project). Returns $null when dotnet is missing.
    param(
        [Parameter(Mandatory)] [string] $Fixture,
        [string] $Token = (New-FakeGraphToken),
        [string[]] $ExtraArguments = @(),
        [int] $TimeoutSeconds = 240,
        [string] $Configuration = 'Release'
    )
    if (Get-FakeGraphSkipReason) { return $null }

    $repo = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))
    $project = [System.IO.Path]::Combine($repo, 'tests', 'SsprTools.FakeGraph')
    $fixturePath = [System.IO.Path]::GetFullPath($Fixture)
    $arguments = @('run', '--project', "`"$project`"", '-c', $Configuration, '--',
        '--fixture', "`"$fixturePath`"", '--port', '0', '--ignore-stdin', '--token', $Token) + $ExtraArguments

    $info = [System.Diagnostics.ProcessStartInfo]::new()
    $info.FileName = @(Get-Command dotnet -CommandType Application)[0].Source
    $info.Arguments = $arguments -join ' '
    $info.WorkingDirectory = $repo
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true   # kept open and unused; --ignore-stdin makes the server not watch it anyway
    $info.CreateNoWindow = $true
    $info.Environment['DOTNET_CLI_TELEMETRY_OPTOUT'] = '1'
    $info.Environment['DOTNET_NOLOGO'] = '1'

    $process = [System.Diagnostics.Process]::Start($info)
    $stderr = $process.StandardError.ReadToEndAsync()   # drained so a chatty build never blocks the pipe
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $seen = [System.Collections.Generic.List[string]]::new()
    $url = $null
    $pending = $process.StandardOutput.ReadLineAsync()
    while (-not $url) {
        $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $pending.Wait($left)) { break }                  # timed out
        $line = $pending.Result
        if ($null -eq $line) { break }                            # the process ended
        $seen.Add($line)
        if ($line -match 'Fake Graph listening on (http://127\.0\.0\.1:\d+)') {
            $url = $Matches[1]
        }
        else {
            $pending = $process.StandardOutput.ReadLineAsync()
        }
    }

    if (-not $url) {
        $server = @{ Process = $process }
        Stop-FakeGraph $server
        $errors = if ($stderr.Wait(2000)) { $stderr.Result } else { '' }
        throw ("The fake Graph server did not say 'Fake Graph listening on …' within $TimeoutSeconds s. " +
            "Output: $($seen -join ' | ') $errors").Trim()
    }

    # Keep reading stdout in the background so the server never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{
        Url         = $url
        Token       = $Token
        SecureToken = ConvertTo-FakeGraphSecureString $Token
        Process     = $process
    }
}

function Stop-FakeGraph {
    # Stops the server (and the `dotnet run` child that hosts it). Safe to call with $null or twice.
    param($Server)
    if ($null -eq $Server -or $null -eq $Server.Process) { return }
    $process = $Server.Process
    try {
        if (-not $process.HasExited) {
            try { $process.Kill($true) }          # .NET Core 3+: the whole tree (dotnet run → the server)
            catch [System.Management.Automation.MethodException] { $process.Kill() }
            $null = $process.WaitForExit(10000)
        }
    }
    catch [System.InvalidOperationException] {
        # already gone
    }
    finally {
        $process.Dispose()
    }
}
