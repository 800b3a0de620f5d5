"""Cmdlet help source for SsprTools. `python3 tools/helpgen/make_help.py` writes src/SsprTools/en-US/SsprTools.dll-Help.xml.
One entry per exported cmdlet; every parameter needs a description (a module test checks that)."""

COMMON_SNAPSHOT = ("SnapshotPath", "string", "Path of a tenant snapshot (JSON, see docs/snapshot-format.md) to read instead of the connected tenant. The module ships samples in its samples folder.", False, "named", "false")
POSTURE = ("ExpectedAdminSspr", "ExpectedAdminSspr", "The declared posture for administrator self-service password reset. Any (default) takes no side. Enabled: admins are meant to recover by self-service. Disabled: admin SSPR is meant to be off (EIDSCA.AP01, Zero Trust Assessment 21842); SSPR017 then fires if it is on, and the self-service findings SSPR002-SSPR009 and SSPR014 are reported as Info.", False, "named", "false")

CMDLETS = [
  {
    "name": "Get-SsprStatus",
    "synopsis": "Gets the tenant's administrator self-service password reset status: the Microsoft Graph replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled.",
    "description": [
      "Get-SsprStatus reads authorizationPolicy.allowedToUseSSPR (SelfServePasswordResetEnabled), decides whether the administrator two-gate policy applies (a custom domain or directory synchronization), counts admins, enabled Global Administrators and admins who can recover, and reports the tenant-wide findings SSPR001, SSPR012 and SSPR017.",
      "It reads the connected tenant (Connect-SsprGraph) or, with -SnapshotPath, a snapshot file. Parts of the tenant that could not be read are listed in NotEvaluated; they never count as passed.",
    ],
    "parameters": [ (COMMON_SNAPSHOT[0], COMMON_SNAPSHOT[1], COMMON_SNAPSHOT[2], False, "0", "false"), POSTURE ],
    "outputs": [("SsprTools.TenantStatus", "TenantId, TenantName, SelfServePasswordResetEnabled, TwoGatePolicyApplies, AdminCount, GlobalAdminCount, RecoverableAdminCount, RegistrationReportAvailable, Findings, Source, RetrievedAt.")],
    "examples": [
      ("Get-SsprStatus -SnapshotPath ./samples/contoso.snapshot.json", "Shows the status of the bundled sample tenant."),
      ("(Get-SsprStatus).SelfServePasswordResetEnabled", "The one-line replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled, on the connected tenant."),
      ("Get-SsprStatus -ExpectedAdminSspr Disabled | ForEach-Object Findings", "Checks the tenant against a baseline that wants admin SSPR off (SSPR017 fires if it is on)."),
    ],
    "links": ["Test-SsprAdminReadiness"],
  },
  {
    "name": "Test-SsprAdminReadiness",
    "synopsis": "Tests, for every admin, whether they can get back in if they forget their password: by self-service reset or by another admin's reset.",
    "description": [
      "Test-SsprAdminReadiness returns one SsprTools.AdminReadiness per account holding a directory role (or per -UserPrincipalName). For each it checks the self-service path (admin SSPR allowed, two usable methods under the two-gate policy: alternate email, mobile phone, office phone, Microsoft Authenticator; phone numbers parsed with libphonenumber) and the assisted path (which other enabled accounts hold an active role that may reset this one, per the who-can-reset table, honouring role-assignable groups, administrative units and PIM).",
      "Each problem is a finding with a stable id (SSPR001-SSPR017), a severity, a detail and a remediation. SelfServiceReady is true only when the checks prove it; checks that could not run are listed in NotEvaluated. Recoverable is true when the account is enabled and either path works.",
      "With -Quiet the cmdlet returns a single bool, true when every admin tested is recoverable, for use as a gate in a runbook or CI job.",
    ],
    "parameters": [
      ("UserPrincipalName", "string[]", "User principal names (or object ids) of the accounts to test. Accepts pipeline input by value and by property name (UserPrincipalName, UPN, UserId). When omitted, every account holding a directory role is tested. An unknown name is a non-terminating error that suggests close matches.", False, "0", "true (ByValue, ByPropertyName)"),
      COMMON_SNAPSHOT,
      POSTURE,
      ("Quiet", "SwitchParameter", "Return one bool instead of objects: true when every tested admin is recoverable and no name was unknown.", True, "named", "false"),
    ],
    "outputs": [("SsprTools.AdminReadiness", "UserPrincipalName, DisplayName, Roles, AccountEnabled, SelfServiceReady, AssistedResetBy, Recoverable, Findings (SsprTools.Finding: Id, Severity, Title, Detail, Remediation, Reference), NotEvaluated, UsableMethods, RequiredMethods, IsAdmin."), ("System.Boolean", "With -Quiet.")],
    "examples": [
      ("Test-SsprAdminReadiness -SnapshotPath ./samples/contoso.snapshot.json", "Scans every admin of the bundled sample tenant and shows one row per admin."),
      ("Test-SsprAdminReadiness | Where-Object { -not $_.Recoverable } | Format-List", "Lists the admins of the connected tenant who could not get back in, with every finding."),
      ("'anna@contoso.com', 'kenji@contoso.com' | Test-SsprAdminReadiness -SnapshotPath ./samples/contoso.snapshot.json", "Tests two named accounts from the pipeline."),
      ("if (-not (Test-SsprAdminReadiness -Quiet)) { throw 'An admin cannot recover their password' }", "Fails a scheduled runbook when any admin is unrecoverable."),
      ("Test-SsprAdminReadiness -ExpectedAdminSspr Disabled | ForEach-Object Findings | Where-Object Severity -eq Error", "Under a posture that keeps admin SSPR off, shows only the errors that block an assisted reset."),
    ],
    "links": ["Get-SsprStatus"],
  },
  {
    "name": "Export-SsprReadinessReport",
    "synopsis": "Writes a self-contained HTML report of admin password recovery readiness, for the managers, auditors and admins on call who read a scheduled scan.",
    "description": [
      "Export-SsprReadinessReport writes one HTML file that opens offline in any browser and prints well: the verdict (how many admins cannot get back in, and who), the tenant status (admin SSPR on or off, the two-gate policy, counts and tenant-wide findings), a chart of admins who can and cannot get back in, a chart of findings by severity, and a table with one row per account: roles, whether self-service reset works, who can reset them, whether they can recover, and every finding with its detail, remediation and a reference link. A small inline script makes the table sortable (click a column header) and filterable (a text box and an 'only unrecoverable' toggle); the page is complete without it.",
      "The file loads nothing from the network: no external scripts, fonts, images or style sheets, and a Content-Security-Policy in the page allows only its own inline style and script. All tenant data is HTML-encoded, so a display name such as <script> stays text.",
      "The results come from the pipeline (Test-SsprAdminReadiness, possibly filtered) or, when nothing is piped, from a fresh scan of the connected tenant or of -SnapshotPath. Piped results do not carry the tenant status: the report then derives its counts from the results and says so, unless -Status passes the output of Get-SsprStatus. The file is written to a temporary file and moved into place, so a reader never sees half a report; an existing file is only replaced with -Force. The cmdlet returns the written file as a System.IO.FileInfo.",
    ],
    "parameters": [
      ("Path", "string", "Path of the HTML file to write. Relative paths are resolved against the current PowerShell location. The folder must exist; a directory is refused. An existing file is replaced only with -Force.", True, "0", "false"),
      ("InputObject", "AdminReadiness[]", "Readiness results to report on, usually piped from Test-SsprAdminReadiness. When the command is in a pipeline, only the piped results are reported (none if the upstream command produced none); no scan is made. Results that crossed a serialization boundary (Start-Job, remoting, Import-Clixml) are accepted too.", False, "named", "true (ByValue)"),
      ("Status", "TenantStatus", "The tenant status (the output of Get-SsprStatus) to show with piped results. Without it, a report of piped results says that the tenant status was not part of the input and shows counts derived from the results.", False, "named", "false"),
      COMMON_SNAPSHOT,
      POSTURE,
      ("Force", "SwitchParameter", "Overwrite the file at -Path if it exists. Without -Force an existing file is an error (ReportFileExists) and is left untouched.", False, "named", "false"),
      ("WhatIf", "SwitchParameter", "Shows which file would be written, without scanning the tenant or writing anything.", False, "named", "false"),
      ("Confirm", "SwitchParameter", "Asks for confirmation before the file is written.", False, "named", "false"),
    ],
    "outputs": [("System.IO.FileInfo", "The HTML file written.")],
    "examples": [
      ("Export-SsprReadinessReport -SnapshotPath ./samples/contoso.snapshot.json -Path ./contoso-report.html", "Scans the bundled sample tenant and writes its report; open contoso-report.html in a browser."),
      ("Test-SsprAdminReadiness | Export-SsprReadinessReport -Path ./sspr-report.html -Force", "The scheduled scan: tests every admin of the connected tenant and writes (or replaces) the report."),
      ("$r = Test-SsprAdminReadiness\n$r | Export-SsprReadinessReport -Path ./sspr-report.html -Status (Get-SsprStatus) -Force\nif ($r | Where-Object { -not $_.Recoverable }) { exit 1 }", "Writes the report with the tenant status and fails the job when an admin cannot get back in."),
      ("Test-SsprAdminReadiness | Where-Object { -not $_.Recoverable } | Export-SsprReadinessReport -Path ./unrecoverable.html", "A report of only the admins who could not recover, for the admin on call."),
      ("Export-SsprReadinessReport -Path ./sspr-report.html -WhatIf", "Shows which file would be written, without reading the tenant."),
    ],
    "links": ["Test-SsprAdminReadiness", "Get-SsprStatus"],
  },
]
