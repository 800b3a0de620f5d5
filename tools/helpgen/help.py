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
]
