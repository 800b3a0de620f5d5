<#
.SYNOPSIS
    Scans many Microsoft Entra tenants at once on one machine: one snapshot, HTML report and Markdown summary per
    tenant, compared with that tenant's previous run, plus a fleet summary (CSV and Markdown).

.DESCRIPTION
    Each tenant is scanned in its own runspace (ForEach-Object -Parallel), with its own Connect-SsprGraph: SsprTools
    keeps the Graph connection per runspace, so tenants scanned side by side never see each other's connection,
    token or data. Give every tenant its own sign-in: a certificate of the app registration in that tenant, or a
    federated token (one OIDC token can sign in to many tenants when each tenant's app registration trusts its
    subject), or a managed identity that is consented in each tenant.

    For each tenant, in <OutputFolder>/<Name>/: previous.snapshot.json (kept for the next run), sspr-report.html (with
    the changes since the previous run), summary.md. In <OutputFolder>: fleet-summary.csv and fleet-summary.md.
    Returns one object per tenant: Tenant, TenantId, TenantName, Admins, Unrecoverable, LostRecovery (accounts that
    lost their way back in since the previous run, or cannot get back in on a first run), Changes, Report, Error.

.PARAMETER Tenants
    One entry per tenant: a hashtable (or object) with Name (a folder name) and Connect (a hashtable of
    Connect-SsprGraph parameters, e.g. @{ TenantId = '…'; ClientId = '…'; CertificateThumbprint = '…' }).

.PARAMETER OutputFolder
    Where the per-tenant folders and the fleet summary go. Keep it between runs: the previous snapshots live there.

.PARAMETER ThrottleLimit
    How many tenants are scanned at once (default 4). Each scan also keeps its own Graph requests in flight
    (Connect-SsprGraph's tenant, Test-SsprAdminReadiness -ThrottleLimit), so 4 to 8 tenants at once suit most machines.

.PARAMETER Module
    The module to import in each runspace: SsprTools from PSModulePath (default) or a path to SsprTools.psd1.

.EXAMPLE
    $tenants = Import-Csv ./tenants.csv | ForEach-Object {
        @{ Name = $_.Name; Connect = @{ TenantId = $_.TenantId; ClientId = $_.ClientId; CertificateThumbprint = $_.Thumbprint } }
    }
    $fleet = ./samples/fleet-scan.ps1 -Tenants $tenants -OutputFolder ./sspr-fleet
    if ($fleet | Where-Object { $_.LostRecovery -gt 0 -or $_.Error }) { exit 1 }
#>
#requires -Version 7.0
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [object[]] $Tenants,
    [Parameter(Mandatory)] [string] $OutputFolder,
    [ValidateRange(1, 32)] [int] $ThrottleLimit = 4,
    [string] $Module = 'SsprTools'
)

$OutputFolder = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)
New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$names = @($Tenants | ForEach-Object { $_.Name })
if (($names | Sort-Object -Unique).Count -ne $names.Count -or ($names | Where-Object { -not $_ -or $_ -match '[\\/:*?"<>|]' })) {
    throw 'Every tenant needs a Name that is unique and usable as a folder name.'
}

$fleet = $Tenants | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
    $tenant = $_
    $dir = Join-Path $using:OutputFolder $tenant.Name
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    $previous = Join-Path $dir 'previous.snapshot.json'
    $current = Join-Path $dir 'current.snapshot.json'
    $row = [ordered]@{
        Tenant = $tenant.Name; TenantId = $null; TenantName = $null; Admins = $null; Unrecoverable = $null
        LostRecovery = $null; Changes = $null; Report = Join-Path $dir 'sspr-report.html'; Error = $null
    }
    try {
        Import-Module $using:Module -ErrorAction Stop
        $connect = $tenant.Connect
        Connect-SsprGraph @connect -ErrorAction Stop | Out-Null
        Export-SsprTenantSnapshot -Path $current -ErrorAction Stop | Out-Null
        $status = Get-SsprStatus -SnapshotPath $current -ErrorAction Stop
        $row.TenantId = $status.TenantId
        $row.TenantName = $status.TenantName
        $row.Admins = $status.AdminCount
        $row.Unrecoverable = $status.AdminCount - $status.RecoverableAdminCount
        $report = @{ SnapshotPath = $current; Force = $true; ErrorAction = 'Stop' }
        if (Test-Path $previous) {
            $report.Changes = @(Compare-SsprReadiness -ReferenceSnapshotPath $previous -DifferenceSnapshotPath $current -ErrorAction Stop)
            $row.Changes = $report.Changes.Count
            $row.LostRecovery = @($report.Changes | Where-Object LostRecovery).Count
        }
        else {
            $row.LostRecovery = @(Test-SsprAdminReadiness -SnapshotPath $current | Where-Object { -not $_.Recoverable }).Count
        }
        Export-SsprReadinessReport @report -Path $row.Report | Out-Null
        Export-SsprReadinessReport @report -Path (Join-Path $dir 'summary.md') -Format Markdown | Out-Null
        Move-Item -Path $current -Destination $previous -Force
    }
    catch {
        # One tenant's failure (sign-in, permissions, throttling) is reported on its row; the others go on.
        $row.Error = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)"
    }
    finally {
        # ForEach-Object -Parallel reuses runspaces: leave none connected for the next tenant.
        if (Get-Command Disconnect-SsprGraph -ErrorAction SilentlyContinue) { Disconnect-SsprGraph }
    }
    [pscustomobject]$row
}

$fleet = @($fleet | Sort-Object Tenant)
$fleet | Export-Csv -Path (Join-Path $OutputFolder 'fleet-summary.csv') -NoTypeInformation -Encoding utf8
$md = [System.Text.StringBuilder]::new()
$failing = @($fleet | Where-Object { $_.LostRecovery -gt 0 -or $_.Error }).Count
[void]$md.AppendLine('## SSPR readiness: fleet of {0} tenant(s)' -f $fleet.Count).AppendLine()
[void]$md.AppendLine($(if ($failing) { "❌ **$failing tenant(s) need attention.**" } else { '✅ **No admin lost their way back in.**' })).AppendLine()
[void]$md.AppendLine('| Tenant | Tenant id | Admins | Cannot get back in | Lost since last run | Changes | Error |')
[void]$md.AppendLine('|---|---|---|---|---|---|---|')
foreach ($t in $fleet) {
    $cells = $t.Tenant, $t.TenantId, $t.Admins, $t.Unrecoverable, $t.LostRecovery, $t.Changes, $t.Error |
        ForEach-Object { "$_" -replace '\|', '\|' -replace '[\r\n]+', ' ' -replace '<', '&lt;' }
    [void]$md.AppendLine('| ' + ($cells -join ' | ') + ' |')
}
Set-Content -Path (Join-Path $OutputFolder 'fleet-summary.md') -Value $md.ToString() -Encoding utf8
$fleet
