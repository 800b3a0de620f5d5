<#
.SYNOPSIS
    Azure Automation runbook (PowerShell 7.4 runtime): the scheduled SSPR readiness scan of one tenant, with the
    previous snapshot kept in a storage account, failing the job when someone lost their way back in.

.DESCRIPTION
    Runs as the Automation account's managed identity, for Microsoft Graph (Connect-SsprGraph -Identity) and for the
    storage account (Connect-AzAccount -Identity). Each run:
      1. downloads <Prefix>previous.snapshot.json from the container (absent on the first run),
      2. exports a snapshot of the tenant now and compares it with the previous one (Compare-SsprReadiness),
      3. uploads the HTML report and the Markdown summary under <Prefix>reports/<yyyy-MM-dd-HHmm>/ and the new snapshot
         as <Prefix>previous.snapshot.json (the next run compares with it),
      4. fails the job (throws) when someone became unrecoverable; on the first run, when any admin cannot get back in.

    Setup (docs/scheduled-scans.md has the commands):
      - Modules: import SsprTools from the PowerShell Gallery into the Automation account for the 7.4 runtime
        (Az.Accounts and Az.Storage are there by default).
      - Microsoft Graph: grant the managed identity the application permissions of docs/graph.md (Policy.Read.All,
        RoleManagement.Read.Directory, User.Read.All, UserAuthenticationMethod.Read.All, AuditLog.Read.All,
        GroupMember.Read.All, AdministrativeUnit.Read.All).
      - Storage: give the managed identity the "Storage Blob Data Contributor" role on the container (or the account).
        No storage key or SAS is used.

.PARAMETER StorageAccountName
    The storage account that keeps the snapshots and reports.

.PARAMETER ContainerName
    The blob container (created beforehand). Default: sspr.

.PARAMETER Prefix
    A folder inside the container, e.g. 'contoso/' when one account scans several tenants. Default: none.

.PARAMETER ManagedIdentityClientId
    The client id of a user-assigned managed identity; omitted: the system-assigned one.

.PARAMETER ExpectedAdminSspr
    The declared posture for admin SSPR (Any, Enabled, Disabled), applied to the comparison and the report.
#>
param(
    [Parameter(Mandatory)] [string] $StorageAccountName,
    [string] $ContainerName = 'sspr',
    [string] $Prefix = '',
    [string] $ManagedIdentityClientId,
    [ValidateSet('Any', 'Enabled', 'Disabled')] [string] $ExpectedAdminSspr = 'Any'
)

$ErrorActionPreference = 'Stop'
Import-Module SsprTools
Import-Module Az.Accounts
Import-Module Az.Storage

# Sign in as the managed identity: once for Microsoft Graph (SsprTools), once for the storage account (Az).
if ($ManagedIdentityClientId) {
    Connect-SsprGraph -Identity -ManagedIdentityClientId $ManagedIdentityClientId | Out-Null
    Connect-AzAccount -Identity -AccountId $ManagedIdentityClientId | Out-Null
}
else {
    Connect-SsprGraph -Identity | Out-Null
    Connect-AzAccount -Identity | Out-Null
}
$storage = New-AzStorageContext -StorageAccountName $StorageAccountName -UseConnectedAccount

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('sspr-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
$previous = Join-Path $work 'previous.snapshot.json'
$current = Join-Path $work 'current.snapshot.json'
$previousBlob = $Prefix + 'previous.snapshot.json'

# 1. The previous snapshot, when there is one.
$hasPrevious = $null -ne (Get-AzStorageBlob -Container $ContainerName -Blob $previousBlob -Context $storage -ErrorAction SilentlyContinue)
if ($hasPrevious) {
    Get-AzStorageBlobContent -Container $ContainerName -Blob $previousBlob -Destination $previous -Context $storage -Force | Out-Null
}

# 2. The tenant now, compared with the previous run under the same rules and posture.
Export-SsprTenantSnapshot -Path $current | Out-Null
$report = @{ SnapshotPath = $current; ExpectedAdminSspr = $ExpectedAdminSspr; Force = $true }
if ($hasPrevious) {
    $report.Changes = @(Compare-SsprReadiness -ReferenceSnapshotPath $previous -DifferenceSnapshotPath $current -ExpectedAdminSspr $ExpectedAdminSspr)
    $lost = @($report.Changes | Where-Object LostRecovery)
}
else {
    $lost = @(Test-SsprAdminReadiness -SnapshotPath $current -ExpectedAdminSspr $ExpectedAdminSspr | Where-Object { -not $_.Recoverable })
}
$html = Export-SsprReadinessReport @report -Path (Join-Path $work 'sspr-report.html')
$markdown = Export-SsprReadinessReport @report -Path (Join-Path $work 'summary.md') -Format Markdown

# 3. Keep the reports and the new baseline.
$folder = $Prefix + 'reports/' + [DateTime]::UtcNow.ToString('yyyy-MM-dd-HHmm') + '/'
foreach ($file in $html, $markdown) {
    Set-AzStorageBlobContent -File $file.FullName -Container $ContainerName -Blob ($folder + $file.Name) -Context $storage -Force | Out-Null
}
Set-AzStorageBlobContent -File $current -Container $ContainerName -Blob $previousBlob -Context $storage -Force | Out-Null

# The job's output: the summary, readable in the Automation job's Output tab.
Get-Content -Path $markdown.FullName -Raw
Remove-Item -Path $work -Recurse -Force

# 4. An exception (not exit) is what marks an Azure Automation job as Failed.
if ($lost.Count -gt 0) {
    throw "SSPR readiness: $($lost.Count) account(s) cannot get back in: $(@($lost | ForEach-Object UserPrincipalName) -join ', '). Report: $ContainerName/$folder$($html.Name)"
}
