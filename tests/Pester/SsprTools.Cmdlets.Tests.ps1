#requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }
# Every exported cmdlet on the samples, offline: the two exports, pipeline input, -Quiet, errors with their
# FullyQualifiedErrorId, and the help of every cmdlet. The live Graph tests are in SsprTools.Live.Tests.ps1.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/SsprTools/SsprTools.psd1') -Force
    $cmdlets = @(Get-Command -Module SsprTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -Force
    $contoso = Join-Path $repo 'samples/contoso.snapshot.json'
    $single = Join-Path $repo 'samples/single-admin.snapshot.json'
}

Describe 'SsprTools module' {
    It 'exports the cmdlets of the manifest' {
        $names = @(Get-Command -Module SsprTools -CommandType Cmdlet | ForEach-Object { $_.Name })
        foreach ($n in 'Connect-SsprGraph', 'Disconnect-SsprGraph', 'Get-SsprConnection', 'Get-SsprStatus', 'Test-SsprAdminReadiness',
            'Get-SsprActivity', 'Get-SsprDiagnosis', 'Export-SsprReadinessReport', 'Export-SsprTenantSnapshot') {
            $names | Should -Contain $n
        }
    }

    It 'has a valid manifest whose version is the one of Directory.Build.props' {
        $manifest = Test-ModuleManifest -Path (Join-Path $repo 'out/SsprTools/SsprTools.psd1') -ErrorAction Stop
        $props = [xml](Get-Content -LiteralPath (Join-Path $repo 'Directory.Build.props') -Raw)
        $manifest.Version | Should -Be ([version]$props.Project.PropertyGroup.Version)
        # The repo's copy is the same manifest with the placeholder version (the build sets it).
        (Import-PowerShellDataFile -LiteralPath (Join-Path $repo 'SsprTools.psd1')).ModuleVersion | Should -Be '0.0.0'
    }

    It 'has every exported cmdlet called somewhere in the Pester suite' {
        $called = foreach ($file in Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $null, [ref] $null)
            $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() }
        }
        $missing = @(Get-Command -Module SsprTools -CommandType Cmdlet | Where-Object { $called -notcontains $_.Name } | ForEach-Object Name)
        $missing | Should -BeNullOrEmpty -Because 'each cmdlet needs at least one Pester test'
    }
}

Describe 'Help' {
    BeforeAll {
        $common = 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
            'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm'
    }

    It '<Name> has a synopsis from the module help, not the generated syntax line' -TestCases $cmdlets {
        $synopsis = "$((Get-Help $Name -Full).Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -BeLike "$Name *"
    }

    It '<Name> has at least two examples' -TestCases $cmdlets {
        @((Get-Help $Name -Full).examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It '<Name> describes every parameter' -TestCases $cmdlets {
        $parameters = @((Get-Command $Name).Parameters.Keys | Where-Object { $common -notcontains $_ })
        foreach ($p in $parameters) {
            $text = @((Get-Help $Name -Parameter $p).description | ForEach-Object { $_.Text }) -join ' '
            $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$p of $Name needs a description in the help"
        }
    }

    It '<Name> shows one syntax line per parameter set, with that set''s mandatory and positional parameters' -TestCases $cmdlets {
        $engineCommon = [System.Management.Automation.Cmdlet]::CommonParameters
        $sets = @((Get-Command $Name).ParameterSets | ForEach-Object {
                @($_.Parameters | Where-Object { $engineCommon -notcontains $_.Name } | Sort-Object Name | ForEach-Object {
                        '{0}:{1}:{2}' -f $_.Name, $_.IsMandatory, $(if ($_.Position -ge 0) { $_.Position } else { 'named' }) }) -join ' ' })
        $syntax = @((Get-Help $Name).syntax.syntaxItem | ForEach-Object {
                @(@($_.parameter) | Where-Object { $_ } | Sort-Object { $_.name } | ForEach-Object {
                        '{0}:{1}:{2}' -f $_.name, ($_.required -eq 'true'), $_.position }) -join ' ' })
        $syntax.Count | Should -Be $sets.Count
        ($syntax | Sort-Object) -join "`n" | Should -Be (($sets | Sort-Object) -join "`n")
    }
}

Describe 'Pipeline input and -Quiet' {
    It 'Test-SsprAdminReadiness takes UPNs by value and objects by property name' {
        $byValue = 'kari.nordmann@contoso.com', 'yui.tanaka@contoso.com' | Test-SsprAdminReadiness -SnapshotPath $contoso
        @($byValue | ForEach-Object { $_.UserPrincipalName }) -join ' ' | Should -Be 'kari.nordmann@contoso.com yui.tanaka@contoso.com'

        $byName = [pscustomobject]@{ UserPrincipalName = 'ola.hansen@contoso.com' } | Test-SsprAdminReadiness -SnapshotPath $contoso
        $byName.Findings.Id | Should -Contain 'SSPR013'
    }

    It 'Get-SsprDiagnosis and Get-SsprActivity take the readiness objects from the pipeline' {
        $r = Test-SsprAdminReadiness -SnapshotPath $contoso -UserPrincipalName 'charlotte.evans@contoso.com'
        ($r | Get-SsprDiagnosis -Symptom InvalidSecurityCode -SnapshotPath $contoso).LikelyCauses.Id | Should -Contain 'CodeExpired'
        $attempts = @($r | Get-SsprActivity -SnapshotPath $contoso)
        $attempts | Should -HaveCount 1
        $attempts[0].CauseId | Should -Be 'CodeExpired'
    }

    It 'Test-SsprAdminReadiness -Quiet is a single bool: $false for the single-admin tenant, $true for a ready admin' {
        Test-SsprAdminReadiness -SnapshotPath $single -Quiet | Should -BeFalse
        $ok = Test-SsprAdminReadiness -SnapshotPath $contoso -UserPrincipalName 'maarten.devries@contoso.com' -Quiet
        $ok | Should -BeOfType ([bool])
        $ok | Should -BeTrue
    }
}

Describe 'Export-SsprReadinessReport' {
    It 'writes one self-contained HTML file with every admin from a -SnapshotPath scan' {
        $path = Join-Path $TestDrive 'contoso.html'
        $file = Export-SsprReadinessReport -SnapshotPath $contoso -Path $path
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be ([System.IO.Path]::GetFullPath($path))
        $html = [System.IO.File]::ReadAllText($path)
        $html | Should -BeLike '<!DOCTYPE html>*'
        foreach ($r in Test-SsprAdminReadiness -SnapshotPath $contoso) {
            $html.Contains($r.UserPrincipalName) | Should -BeTrue -Because "$($r.UserPrincipalName) is in the scan"
        }
        $html | Should -Not -Match '<script[^>]+src='
        $html | Should -Not -Match '<link[^>]+href="https?:'
    }

    It 'takes readiness objects from the pipeline with -Status' {
        $path = Join-Path $TestDrive 'piped.html'
        Test-SsprAdminReadiness -SnapshotPath $single |
            Export-SsprReadinessReport -Path $path -Status (Get-SsprStatus -SnapshotPath $single) | Should -Not -BeNullOrEmpty
        [System.IO.File]::ReadAllText($path).Contains('marcus.reed@fabrikam.com') | Should -BeTrue
    }

    It 'keeps hostile names as text' {
        $path = Join-Path $TestDrive 'hostile.html'
        $a = [SsprTools.AdminReadiness]@{
            UserPrincipalName = '"><img src=x onerror=alert(1)>@contoso.com'
            DisplayName       = '<script>alert(1)</script>'
            IsAdmin           = $true
            AccountEnabled    = $true
        }
        $null = $a | Export-SsprReadinessReport -Path $path
        $html = [System.IO.File]::ReadAllText($path)
        $html.Contains('<img') | Should -BeFalse
        $html.Contains('&lt;script&gt;alert(1)&lt;/script&gt;') | Should -BeTrue
        ([regex]::Matches($html, '<script')).Count | Should -Be 1 -Because 'only the report''s own inline script is a script element'
    }

    It 'refuses to replace a file without -Force (ReportFileExists), and replaces it with -Force' {
        $path = Join-Path $TestDrive 'exists.html'
        [System.IO.File]::WriteAllText($path, 'keep me')
        { Export-SsprReadinessReport -SnapshotPath $contoso -Path $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportFileExists,SsprTools.Commands.ExportSsprReadinessReportCommand'
        [System.IO.File]::ReadAllText($path) | Should -Be 'keep me'

        $null = Export-SsprReadinessReport -SnapshotPath $contoso -Path $path -Force
        [System.IO.File]::ReadAllText($path) | Should -BeLike '<!DOCTYPE html>*'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.html'
        Export-SsprReadinessReport -SnapshotPath $contoso -Path $path -WhatIf | Should -BeNullOrEmpty
        [System.IO.File]::Exists($path) | Should -BeFalse
    }
}

Describe 'Export-SsprTenantSnapshot from a snapshot file' {
    It 'writes a snapshot that gives the same findings, also with -Redact' {
        $plain = Join-Path $TestDrive 'copy.snapshot.json'
        $redacted = Join-Path $TestDrive 'redacted.snapshot.json'
        Export-SsprTenantSnapshot -Path $plain -SnapshotPath $contoso | Should -BeOfType ([System.IO.FileInfo])
        $null = Export-SsprTenantSnapshot -Path $redacted -SnapshotPath $contoso -Redact

        $signature = {
            param($File)
            @(Test-SsprAdminReadiness -SnapshotPath $File | ForEach-Object {
                    $_.UserPrincipalName + ':' + (@($_.Findings | ForEach-Object { $_.Id } | Sort-Object) -join ',') + ':' + $_.Recoverable
                }) -join ' '
        }
        $expected = & $signature $contoso
        & $signature $plain | Should -Be $expected

        $text = [System.IO.File]::ReadAllText($redacted)
        $text.Contains('+47 41234567') | Should -BeFalse -Because 'phone numbers are masked'
        @(Test-SsprAdminReadiness -SnapshotPath $redacted) | Should -HaveCount @(Test-SsprAdminReadiness -SnapshotPath $contoso).Count
        (Test-SsprAdminReadiness -SnapshotPath $redacted -Quiet) | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.snapshot.json'
        Export-SsprTenantSnapshot -Path $path -SnapshotPath $contoso -WhatIf | Should -BeNullOrEmpty
        [System.IO.File]::Exists($path) | Should -BeFalse
    }

    It 'refuses to replace a file without -Force (SnapshotFileExists), and replaces it with -Force' {
        $path = Join-Path $TestDrive 'exists.snapshot.json'
        [System.IO.File]::WriteAllText($path, 'keep me')
        { Export-SsprTenantSnapshot -SnapshotPath $contoso -Path $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'SnapshotFileExists,SsprTools.Commands.ExportSsprTenantSnapshotCommand'
        [System.IO.File]::ReadAllText($path) | Should -Be 'keep me'

        Export-SsprTenantSnapshot -SnapshotPath $contoso -Path $path -Force | Should -BeOfType ([System.IO.FileInfo])
        @(Test-SsprAdminReadiness -SnapshotPath $path) | Should -HaveCount @(Test-SsprAdminReadiness -SnapshotPath $contoso).Count
    }
}

Describe 'Both exports write files the same way' {
    It '<Cmdlet> refuses a missing folder (<Prefix>FolderNotFound) and creates none' -ForEach @(
        @{ Cmdlet = 'Export-SsprReadinessReport'; Prefix = 'Report' }
        @{ Cmdlet = 'Export-SsprTenantSnapshot'; Prefix = 'Snapshot' }
    ) {
        $path = Join-Path $TestDrive "no-such-folder-$Prefix/out.file"
        $record = $null
        try { & $Cmdlet -SnapshotPath $contoso -Path $path -Force } catch { $record = $_ }
        $record.FullyQualifiedErrorId | Should -BeLike "$($Prefix)FolderNotFound,*"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Test-Path -LiteralPath (Split-Path -Parent $path) | Should -BeFalse
    }

    It '<Cmdlet> writes through a temporary file and leaves nothing else in the folder' -ForEach @(
        @{ Cmdlet = 'Export-SsprReadinessReport'; Prefix = 'Report' }
        @{ Cmdlet = 'Export-SsprTenantSnapshot'; Prefix = 'Snapshot' }
    ) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive "clean-$Prefix")
        $path = Join-Path $folder 'out.file'
        $null = & $Cmdlet -SnapshotPath $contoso -Path $path
        $null = & $Cmdlet -SnapshotPath $contoso -Path $path -Force
        @(Get-ChildItem -LiteralPath $folder -Force | ForEach-Object Name) | Should -Be @('out.file')
    }
}

Describe 'Errors carry their FullyQualifiedErrorId' {
    It 'SnapshotNotFound from Test-SsprAdminReadiness (terminating)' {
        { Test-SsprAdminReadiness -SnapshotPath (Join-Path $TestDrive 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SnapshotNotFound,SsprTools.Commands.TestSsprAdminReadinessCommand'
    }

    It 'UserNotFound from Get-SsprDiagnosis (non-terminating, -ErrorVariable)' {
        $out = Get-SsprDiagnosis 'nobody@contoso.com' NoSmsReceived -SnapshotPath $contoso -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'UserNotFound,SsprTools.Commands.GetSsprDiagnosisCommand'
    }

    It 'InsecureGraphEndpoint from Connect-SsprGraph for plain http off this machine (before any token is sent)' {
        $token = [System.Security.SecureString]::new()
        foreach ($c in 'not-a-real-token'.ToCharArray()) { $token.AppendChar($c) }
        { Connect-SsprGraph -AccessToken $token -GraphEndpoint 'http://example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureGraphEndpoint,*'
    }

    It 'NotConnected from a scan without -SnapshotPath after Disconnect-SsprGraph' {
        Disconnect-SsprGraph
        Get-SsprConnection | Should -BeNullOrEmpty
        { Get-SsprStatus -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,*'
        { Test-SsprAdminReadiness -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,*'
    }
}
