"""Cmdlet help source for SsprTools. `python3 tools/helpgen/make_help.py` writes src/SsprTools/en-US/SsprTools.dll-Help.xml.
One entry per exported cmdlet; every parameter needs a description (a module test checks that)."""

COMMON_SNAPSHOT = ("SnapshotPath", "string", "Path of a tenant snapshot (JSON, see docs/snapshot-format.md) to read instead of the connected tenant. The module ships samples in its samples folder.", False, "named", "false")
THROTTLE = ("ThrottleLimit", "int", "Most Microsoft Graph requests in flight at once while reading a live tenant: independent pages and $batch calls (20 reads each) run side by side up to this limit, the pages of one list are read one after another, and the reports API keeps its own limit of 5 requests per 10 seconds. Default 4; 1 to 16. Lower it when Graph throttles the app (429 answers, shown by -Verbose). Ignored, with a warning, with -SnapshotPath.", False, "named", "false")
POSTURE = ("ExpectedAdminSspr", "ExpectedAdminSspr", "The declared posture for administrator self-service password reset. Any (default) takes no side. Enabled: admins are meant to recover by self-service. Disabled: admin SSPR is meant to be off (EIDSCA.AP01, Zero Trust Assessment 21842); SSPR017 then fires if it is on, and the self-service findings SSPR002-SSPR009 and SSPR014 are reported as Info.", False, "named", "false")

CMDLETS = [
  {
    "name": "Get-SsprStatus",
    "synopsis": "Gets the tenant's administrator self-service password reset status: the Microsoft Graph replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled.",
    "description": [
      "Get-SsprStatus reads authorizationPolicy.allowedToUseSSPR (SelfServePasswordResetEnabled), decides whether the administrator two-gate policy applies (a custom domain or directory synchronization), counts admins, enabled Global Administrators and admins who can recover, and reports the tenant-wide findings SSPR001, SSPR012 and SSPR017.",
      "It reads the connected tenant (Connect-SsprGraph) or, with -SnapshotPath, a snapshot file. Parts of the tenant that could not be read are listed in NotEvaluated; they never count as passed.",
    ],
    "parameters": [ (COMMON_SNAPSHOT[0], COMMON_SNAPSHOT[1], COMMON_SNAPSHOT[2], False, "0", "false"), POSTURE, THROTTLE ],
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
      "With -Quiet the cmdlet returns a single bool, true when every admin tested is recoverable and fully evaluated, for use as a gate in a runbook or CI job.",
    ],
    "parameters": [
      ("UserPrincipalName", "string[]", "User principal names (or object ids) of the accounts to test. Accepts pipeline input by value and by property name (UserPrincipalName, UPN, UserId). When omitted, every account holding a directory role is tested. An unknown name is a non-terminating error that suggests close matches.", False, "0", "true (ByValue, ByPropertyName)"),
      COMMON_SNAPSHOT,
      POSTURE,
      THROTTLE,
      ("Quiet", "SwitchParameter", "Return one bool instead of objects: true when every tested admin is recoverable, no name was unknown and nothing about any of them went unevaluated (an admin whose authentication methods could not be read, or were masked, makes it false: never a silent ready).", True, "named", "false"),
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
    "synopsis": "Writes a self-contained HTML report of admin password recovery readiness (or a short Markdown summary for a pipeline's job summary), for the managers, auditors and admins on call who read a scheduled scan.",
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
      ("Format", "ReportFormat", "Html (default): the full self-contained HTML report. Markdown: a short summary for a pipeline's job summary (GitHub Actions: append it to $env:GITHUB_STEP_SUMMARY; Azure DevOps: ##vso[task.uploadsummary]): the verdict, a table of who cannot get back in with what stands in the way, the number of accounts with checks not evaluated, and, with -Changes, what changed since the previous scan. Tables stop after 50 rows and point to the HTML report. Tenant data is escaped, so a name can never become Markdown or HTML.", False, "named", "false"),
      ("Changes", "ReadinessChange[]", "What changed since the previous scan: the output of Compare-SsprReadiness. The HTML report then has a 'Changes since the previous scan' section right after the verdict (who became unrecoverable first, with the findings added and resolved and what was not comparable), and the Markdown summary a table of the changes. Given as $null or empty (the comparison found nothing), the report says that no account changed; not given, there is no such section.", False, "named", "false"),
      ("Force", "SwitchParameter", "Overwrite the file at -Path if it exists. Without -Force an existing file is an error (ReportFileExists) and is left untouched.", False, "named", "false"),
      ("WhatIf", "SwitchParameter", "Shows which file would be written, without scanning the tenant or writing anything.", False, "named", "false"),
      ("Confirm", "SwitchParameter", "Asks for confirmation before the file is written.", False, "named", "false"),
    ],
    "outputs": [("System.IO.FileInfo", "The file written (HTML, or Markdown with -Format Markdown).")],
    "examples": [
      ("Export-SsprReadinessReport -SnapshotPath ./samples/contoso.snapshot.json -Path ./contoso-report.html", "Scans the bundled sample tenant and writes its report; open contoso-report.html in a browser."),
      ("Test-SsprAdminReadiness | Export-SsprReadinessReport -Path ./sspr-report.html -Force", "The scheduled scan: tests every admin of the connected tenant and writes (or replaces) the report."),
      ("$r = Test-SsprAdminReadiness\n$r | Export-SsprReadinessReport -Path ./sspr-report.html -Status (Get-SsprStatus) -Force\nif ($r | Where-Object { -not $_.Recoverable }) { exit 1 }", "Writes the report with the tenant status and fails the job when an admin cannot get back in."),
      ("Test-SsprAdminReadiness | Where-Object { -not $_.Recoverable } | Export-SsprReadinessReport -Path ./unrecoverable.html", "A report of only the admins who could not recover, for the admin on call."),
      ("Export-SsprTenantSnapshot -Path ./current.snapshot.json -Force\n$changes = Compare-SsprReadiness ./previous.snapshot.json ./current.snapshot.json\nExport-SsprReadinessReport -SnapshotPath ./current.snapshot.json -Changes $changes -Path ./sspr-report.html -Force", "The scheduled scan with drift: the report shows what changed since the previous snapshot, right after the verdict."),
      ("Export-SsprReadinessReport -SnapshotPath ./current.snapshot.json -Changes $changes -Format Markdown -Path ./summary.md -Force\nGet-Content ./summary.md -Raw | Add-Content -Path $env:GITHUB_STEP_SUMMARY", "Writes the short Markdown summary and shows it on the GitHub Actions run page."),
      ("Export-SsprReadinessReport -Path ./sspr-report.html -WhatIf", "Shows which file would be written, without reading the tenant."),
    ],
    "links": ["Test-SsprAdminReadiness", "Get-SsprStatus"],
  },
  {
    "name": "Get-SsprActivity",
    "synopsis": "Gets the self-service password reset attempts in the tenant's audit log, one object per attempt, with its outcome and the cause of a failure.",
    "description": [
      "Get-SsprActivity reads the audit log (auditLogs/directoryAudits, loggedByService 'Self-service Password Management'; both the current 'Self-service password reset flow activity progress' and the older 'Self-serve ...' activity names) and groups the events by correlationId into attempts (SsprTools.ResetAttempt), oldest first. Steps lists the text of each step in order (the audit log's resultReason, or the activity name when there is none); StepDetails has each step's time, offset from the start, activity, result and IP address; Outcome is Succeeded, Failed, Blocked, Abandoned, Cancelled, InProgress or Unknown.",
      "FailureReason is the audit log's own text. CauseId maps it through the cause table (docs/diagnosis.md): a finding id when a finding of the account explains it (SSPR009 for insufficient methods, SSPR001 when admin reset is switched off, SSPR013 for an on-premises password), else a named cause: BlockedTooManyAttempts, NotEnabledForUser, NotLicensed, NotInSsprGroup, TenantSsprDisabled, InsufficientMethods, PasswordManagedOnPremises, WritebackUnreachable, OnPremisesPasswordPolicy, BannedPassword, CookiesDisabled, CodeExpired, CodeMismatch, FlowExpired, or SmsCodeNotUsed / EmailLinkNotUsed for a flow that stopped while a code was out. A code or link used later than 5 minutes (current Microsoft guidance; the article says 10) is CodeExpired; an attempt longer than the 15-minute session (the article says 60 minutes) is FlowExpired. CodeChecks and the Exceeds* properties show the timing.",
      "When the audit log cannot be read (no licence, no AuditLog.Read.All) or holds no attempts, the cmdlet returns nothing and warns why: audit events are kept 7 days on Microsoft Entra ID Free and 30 days on P1/P2, and users without a licence leave none. -Days counts back from the snapshot's time when reading a snapshot.",
    ],
    "parameters": [
      ("UserPrincipalName", "string[]", "User principal names (or object ids) whose attempts to show. Accepts pipeline input by value and by property name (UserPrincipalName, UPN, UserId). When omitted, the attempts of every account are shown. A name the tenant does not know and that has no attempts is a non-terminating error that suggests close matches.", False, "0", "true (ByValue, ByPropertyName)"),
      ("Since", "DateTime", "Show only attempts that went on at or after this time. Cannot be used with -Days.", True, "named", "false"),
      ("Days", "Int32", "Show only attempts of the last n days (1-3650), counted back from the snapshot's time (generatedAt) or, on a live connection, from now. Cannot be used with -Since.", True, "named", "false"),
      COMMON_SNAPSHOT,
    ],
    "outputs": [("SsprTools.ResetAttempt", "CorrelationId, StartedAt, EndedAt, Duration, Steps, Outcome, FailureReason, CauseId; also StepDetails, UserPrincipalName, NamedCause, Kind, BlockedUntil, CodeChecks, ExceedsArticleFlowWindow, ExceedsCurrentSessionWindow, IpAddresses.")],
    "examples": [
      ("Get-SsprActivity -SnapshotPath ./samples/contoso.snapshot.json", "Lists every self-service reset attempt in the bundled sample tenant, one row per attempt."),
      ("Get-SsprActivity -UserPrincipalName charlotte.evans@contoso.com -SnapshotPath ./samples/contoso.snapshot.json | Select-Object -ExpandProperty StepDetails", "Shows each step of one admin's attempts, with its time and the time since the attempt started."),
      ("Get-SsprActivity -Days 7 | Where-Object Outcome -in 'Failed', 'Blocked' | Group-Object CauseId", "Counts this week's failed and blocked attempts in the connected tenant by cause."),
    ],
    "links": ["Get-SsprDiagnosis", "Test-SsprAdminReadiness"],
  },
  {
    "name": "Get-SsprDiagnosis",
    "synopsis": "Diagnoses why an admin cannot reset their password: no email, no SMS, or 'Invalid Security Code'. Returns the likely causes with their evidence, the causes the data cannot see, and what to do next.",
    "description": [
      "Get-SsprDiagnosis turns the two Microsoft knowledge-base articles (no email or SMS during admin self-service reset; 'Invalid Security Code') into an answer for one account. It runs the readiness checks (Test-SsprAdminReadiness) on the account and reads its reset attempts from the audit log (Get-SsprActivity), and returns an SsprTools.Diagnosis.",
      "LikelyCauses are the causes the data confirms, each with its evidence: the finding (for example SSPR002 for no alternate email, SSPR003-SSPR007 and SSPR014 for the phone, SSPR016 for an account that is not an admin), the audit step (blocked for 24 hours, not enabled, not licensed, insufficient methods), and the timing. For InvalidSecurityCode the time between a code being sent and used, and the length of the attempt, are compared with both the article's windows (10 minutes for the code and link, 60 for the whole process) and current Microsoft guidance (5-minute codes, 15-minute session), and the evidence says which one was crossed.",
      "OtherPossibleCauses are the causes the data cannot see, to rule out with the admin: the junk folder, the safe-sender list (with the sender addresses of the tenant's cloud), carrier filtering, VoIP SMS services, another browser session, a mistyped user name. NextSteps follow the articles' order: retype the code; restart and finish within the window in one browser session; close every browser; ask another admin to reset, naming who can (AssistedResetBy); contact support when no one can. An account that is not an admin gets SSPR016 and the 'contact your administrator' path.",
    ],
    "parameters": [
      ("UserPrincipalName", "string[]", "User principal name (or object id) of the account that cannot reset its password. Accepts pipeline input by value and by property name (UserPrincipalName, UPN, UserId), so the output of Test-SsprAdminReadiness can be piped in. An unknown name is a non-terminating error that suggests close matches.", True, "0", "true (ByValue, ByPropertyName)"),
      ("Symptom", "DiagnosisSymptom", "What the admin sees: NoEmailReceived (no email to continue the reset), NoSmsReceived (no text message) or InvalidSecurityCode (the 'Invalid Security Code' page after clicking the email link or entering the SMS code).", True, "1", "false"),
      COMMON_SNAPSHOT,
      POSTURE,
    ],
    "outputs": [("SsprTools.Diagnosis", "UserPrincipalName, Symptom, LikelyCauses and OtherPossibleCauses (SsprTools.DiagnosisCause: Id, Title, Evidence, Remediation, Reference, Source), NextSteps, RecentAttempts (SsprTools.ResetAttempt); also IsAdmin, AssistedResetBy, NotEvaluated, Readiness.")],
    "examples": [
      ("Get-SsprDiagnosis -UserPrincipalName charlotte.evans@contoso.com -Symptom InvalidSecurityCode -SnapshotPath ./samples/contoso.snapshot.json", "Diagnoses an 'Invalid Security Code' in the sample tenant: the SMS code was entered 12 minutes after it was sent, beyond both the article's 10 minutes and the current 5 minutes."),
      ("Get-SsprDiagnosis lucas.smit@contoso.com NoSmsReceived -SnapshotPath ./samples/contoso.snapshot.json | Select-Object -ExpandProperty LikelyCauses", "Shows why an admin gets no SMS: no mobile phone (SSPR003), fewer than two methods (SSPR009), confirmed by the audit log's insufficient-methods failure."),
      ("Get-SsprDiagnosis -UserPrincipalName admin@contoso.com -Symptom NoEmailReceived | ForEach-Object NextSteps", "Lists what to do, in the article's order, for an admin of the connected tenant who receives no reset email."),
      ("Test-SsprAdminReadiness | Where-Object { -not $_.SelfServiceReady } | Get-SsprDiagnosis -Symptom NoSmsReceived", "Diagnoses every admin who could not reset by self-service."),
    ],
    "links": ["Get-SsprActivity", "Test-SsprAdminReadiness", "Get-SsprStatus"],
  },
]

GRAPH_ENDPOINT = ("GraphEndpoint", "string", "Graph root to use instead of the environment's, e.g. https://graph.microsoft.com or a local test server such as http://127.0.0.1:5000 (requests go to {root}/v1.0). https is required, except for this machine (127.0.0.0/8, ::1, localhost): a plain-http endpoint anywhere else is refused before any token is sent.", False, "named", "false")
ENVIRONMENT = ("Environment", "string", "The national cloud: Global (default, also GCC), USGov (GCC High, graph.microsoft.us), USGovDoD (dod-graph.microsoft.us) or China (21Vianet, microsoftgraph.chinacloudapi.cn). Picks the Graph root and the sign-in authority.", False, "named", "false")

CMDLETS += [
  {
    "name": "Connect-SsprGraph",
    "synopsis": "Signs in to Microsoft Graph for this PowerShell session (runspace), so the SsprTools cmdlets read the live tenant.",
    "description": [
      "Connect-SsprGraph signs in through Azure.Identity: interactively in a browser (default), with a device code (-UseDeviceCode), as an application with a client secret (-ClientSecret), a certificate (-CertificateThumbprint from the certificate store, or -Certificate) or a federated token from a pipeline (workload identity federation: -FederatedTokenFile, or -WorkloadIdentity from the AZURE_* environment variables), as the managed identity of an Azure Automation account, Function or VM (-Identity), or with an access token you already have (-AccessToken; it is not refreshed).",
      "It then makes one cheap call (GET /organization) to prove that the endpoint and the token work, and returns an SsprTools.Connection: TenantId, Account, AuthType, Environment, GraphEndpoint and Scopes (the permissions the token carries). The credential and the token are never shown.",
      "The connection belongs to the current runspace: parallel runspaces (ForEach-Object -Parallel, jobs, hosted engines) can connect to different tenants without mixing. Connecting again replaces the runspace's connection; Disconnect-SsprGraph forgets it.",
      "Least-privilege read permissions for a scan: Policy.Read.All, RoleManagement.Read.Directory, User.Read.All, UserAuthenticationMethod.Read.All, AuditLog.Read.All, plus GroupMember.Read.All when roles are held through role-assignable groups and AdministrativeUnit.Read.All for administrative units. An application also needs Organization.Read.All. See docs/graph.md.",
    ],
    "parameters": [
      ("TenantId", "string", "The tenant to sign in to: its id (a GUID) or one of its verified domains, e.g. contoso.onmicrosoft.com. Required with -ClientSecret and the certificate parameters; optional for user sign-in (then the account's home tenant) and with -AccessToken.", False, "named", "false"),
      ("ClientId", "string", "The application (client) id. Required with -ClientSecret and the certificate parameters. For user sign-in the default is the Microsoft Graph PowerShell public client; pass your own app registration to use it instead.", False, "named", "false"),
      ("Scopes", "string[]", "Delegated permissions to request for a user sign-in (interactive or device code). Default: Policy.Read.All, RoleManagement.Read.Directory, User.Read.All, UserAuthenticationMethod.Read.All, AuditLog.Read.All, GroupMember.Read.All, AdministrativeUnit.Read.All. A 403 names the permission to add here.", False, "named", "false"),
      ("UseDeviceCode", "SwitchParameter", "Sign in with a device code: the cmdlet shows a code and a URL as a warning; open the URL on any device and enter the code. For sessions without a browser (SSH, containers).", True, "named", "false"),
      ("ClientSecret", "SecureString", "The application's client secret, as a SecureString (e.g. from Get-Secret or Read-Host -AsSecureString). Signs in as the application (application permissions).", True, "named", "false"),
      ("CertificateThumbprint", "string", "Thumbprint of the application's certificate in Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My (with its private key). Signs in as the application.", True, "named", "false"),
      ("Certificate", "X509Certificate2", "The application's certificate object, with its private key (e.g. Get-PfxCertificate or an X509Certificate2 loaded from a PFX). Signs in as the application.", True, "named", "false"),
      ("Identity", "SwitchParameter", "Sign in as the managed identity of the Azure resource the command runs on (Azure Automation, Functions, VMs, Arc). System-assigned unless -ManagedIdentityClientId is given.", True, "named", "false"),
      ("ManagedIdentityClientId", "string", "Client id of a user-assigned managed identity, with -Identity.", False, "named", "false"),
      ("AccessToken", "SecureString", "A Microsoft Graph access token, as a SecureString. Its claims (tid, upn, scp, roles) are read without validating it, to show who is connected; Graph validates it on the first call, so a bad token fails at connect time. It is not refreshed: connect again when it expires.", True, "named", "false"),
      ("FederatedTokenFile", "string", "Workload identity federation: the path of a file holding a federated (OIDC) token that the app registration -ClientId trusts through a federated credential (GitHub Actions, Azure DevOps, Kubernetes, another identity provider). Azure.Identity's WorkloadIdentityCredential exchanges it for a Graph token with the application permissions; no secret is stored, and the file is re-read when a new token is needed. -TenantId and -ClientId default to AZURE_TENANT_ID and AZURE_CLIENT_ID. Only the path is ever shown, never the token.", True, "named", "false"),
      ("WorkloadIdentity", "SwitchParameter", "Workload identity federation configured by the environment, as Azure.Identity's WorkloadIdentityCredential reads it: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID and, for the Global cloud, AZURE_AUTHORITY_HOST (e.g. Azure Kubernetes Service with workload identity). -TenantId and -ClientId override the variables; a missing value is an error (WorkloadIdentityIncomplete) that names it.", True, "named", "false"),
      ENVIRONMENT,
      GRAPH_ENDPOINT,
      ("TimeoutSec", "int", "Seconds one Microsoft Graph request may take (default 100). A slower answer stops the command with a GraphTimeout error (category OperationTimeout) instead of waiting; throttling retries are new requests, each with this limit.", False, "named", "false"),
    ],
    "outputs": [("SsprTools.Connection", "TenantId, Account, AuthType, Environment, GraphEndpoint, Scopes, ConnectedAt, RequestTimeout.")],
    "examples": [
      ("Connect-SsprGraph -TenantId contoso.onmicrosoft.com", "Signs in interactively in a browser with the default read permissions."),
      ("Connect-SsprGraph -TenantId contoso.onmicrosoft.com -UseDeviceCode", "Signs in with a device code, for a session without a browser."),
      ("Connect-SsprGraph -Identity; Test-SsprAdminReadiness -Quiet", "In an Azure Automation runbook: signs in as the account's managed identity (grant it the application permissions in docs/graph.md) and gates on every admin being recoverable."),
      ("Connect-SsprGraph -TenantId $tenant -ClientId $appId -CertificateThumbprint 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'", "Signs in as an application with a certificate from the certificate store, with no prompt."),
      ("Connect-SsprGraph -TenantId $env:TENANT_ID -ClientId $env:CLIENT_ID -FederatedTokenFile $env:RUNNER_TEMP/federated-token", "In a GitHub Actions job with 'id-token: write': signs in with the job's OIDC token (written to the file by a step before, audience api://AzureADTokenExchange) through a federated credential on the app registration; no secret anywhere (docs/scheduled-scans.md)."),
      ("Connect-SsprGraph -WorkloadIdentity", "Signs in with workload identity federation as configured by AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID (e.g. a pod with Azure workload identity)."),
      ("Connect-SsprGraph -TenantId contoso.onmicrosoft.us -Environment USGov", "Signs in to a GCC High tenant (graph.microsoft.us, login.microsoftonline.us)."),
      ("Connect-SsprGraph -AccessToken $token -GraphEndpoint http://127.0.0.1:5000", "Connects with an existing token to a local Graph emulation (plain http is allowed only for this machine)."),
    ],
    "links": ["Disconnect-SsprGraph", "Get-SsprConnection", "Test-SsprAdminReadiness"],
  },
  {
    "name": "Disconnect-SsprGraph",
    "synopsis": "Forgets this runspace's Microsoft Graph connection.",
    "description": [
      "Disconnect-SsprGraph removes the connection Connect-SsprGraph made in the current runspace. Other runspaces keep theirs. Afterwards the cmdlets need -SnapshotPath or a new Connect-SsprGraph.",
      "It writes nothing to the pipeline; with -Verbose it says which tenant it disconnected from.",
    ],
    "parameters": [],
    "outputs": [("None", "")],
    "examples": [
      ("Disconnect-SsprGraph", "Forgets the connection of this session."),
      ("Connect-SsprGraph -Identity; try { Test-SsprAdminReadiness } finally { Disconnect-SsprGraph }", "Makes sure a runbook leaves no connection behind."),
    ],
    "links": ["Connect-SsprGraph", "Get-SsprConnection"],
  },
  {
    "name": "Get-SsprConnection",
    "synopsis": "Shows who is connected to which tenant, through which Graph endpoint, with which permissions.",
    "description": [
      "Get-SsprConnection returns this runspace's SsprTools.Connection (TenantId, Account, AuthType, Environment, GraphEndpoint, Scopes, ConnectedAt), or nothing when there is no connection.",
      "Scopes are the permissions the token carries (its scp or roles claim) when the token can be read, else the ones requested.",
    ],
    "parameters": [],
    "outputs": [("SsprTools.Connection", "TenantId, Account, AuthType, Environment, GraphEndpoint, Scopes, ConnectedAt, RequestTimeout.")],
    "examples": [
      ("Get-SsprConnection", "Shows the current connection."),
      ("(Get-SsprConnection).Scopes -contains 'UserAuthenticationMethod.Read.All'", "Checks that the connection may read authentication methods before a scan."),
    ],
    "links": ["Connect-SsprGraph", "Disconnect-SsprGraph"],
  },
  {
    "name": "Export-SsprTenantSnapshot",
    "synopsis": "Saves what the checks read about the tenant as a snapshot file, for offline analysis, support cases and tests.",
    "description": [
      "Export-SsprTenantSnapshot reads the connected tenant (or, with -SnapshotPath, a snapshot) exactly as a scan does, including the SSPR audit events of the last 30 days, and writes it as a versioned JSON snapshot. Every cmdlet's -SnapshotPath then gives the same findings as the live tenant did.",
      "With -Redact, phone numbers and alternate email addresses are masked after the checks that need them: a number keeps its country code, a kept trunk prefix, its first digit and its last two digits, and its other digits are replaced so that it analyses exactly as before (same status, country and line type); an alternate address keeps its first character and its domain. The redacted file therefore gives the same findings. The accounts' own names and UPNs are kept, so results still name the admins.",
      "The file is written beside the target and then moved into place, so an interrupted export never leaves half a file. It returns the FileInfo of the file written.",
    ],
    "parameters": [
      ("Path", "string", "The snapshot file to write. An existing file is replaced (use -WhatIf to check first).", True, "0", "false"),
      ("Redact", "SwitchParameter", "Mask phone numbers and alternate email addresses so the file can be shared, keeping its findings reproducible.", False, "named", "false"),
      ("SnapshotPath", "string", "Read this snapshot instead of the connected tenant, e.g. to write a redacted copy of an existing snapshot.", False, "named", "false"),
      THROTTLE,
      ("WhatIf", "SwitchParameter", "Shows what would be written without writing it.", False, "named", "false"),
      ("Confirm", "SwitchParameter", "Asks for confirmation before writing the file.", False, "named", "false"),
    ],
    "outputs": [("System.IO.FileInfo", "The snapshot file written.")],
    "examples": [
      ("Export-SsprTenantSnapshot -Path ./contoso.snapshot.json", "Saves the connected tenant's data for offline analysis."),
      ("Export-SsprTenantSnapshot -Path ./case-1234.json -Redact", "Saves a copy without full phone numbers or alternate addresses, e.g. to attach to a support case."),
      ("Export-SsprTenantSnapshot -SnapshotPath ./contoso.snapshot.json -Path ./contoso.redacted.json -Redact", "Writes a redacted copy of an existing snapshot."),
    ],
    "links": ["Test-SsprAdminReadiness", "Get-SsprStatus"],
  },
  {
    "name": "Reset-AdminPassword",
    "synopsis": "Resets the password of a locked-out administrator (the knowledge-base articles' \"ask another admin to reset your password\") with a strong temporary password, after checking that you may.",
    "description": [
      "Reset-AdminPassword is the admin-assisted path for an administrator who forgot their password and cannot use self-service password reset. It needs a live connection (Connect-SsprGraph) and reads the tenant once for all the accounts given, then, for each account, checks and explains before it writes: the account exists (if not, the closest user principal names are suggested); it is not your own account (that is the self-service path: https://aka.ms/sspr); whether it is an admin (if not, any Helpdesk, Password or User Administrator could reset it, and the reset still proceeds on confirmation); where your roles are known (your role assignments in the tenant, or the wids claim of your token), that they may reset the account's roles per the 'who can reset passwords' table, including restricted management administrative units (else a ResetNotPermitted error naming the roles that may); and whether the password is managed on-premises (a synchronized account: the reset reaches Active Directory only with password writeback). These notes are written as warnings.",
      "The reset is PATCH /users/{id} with passwordProfile (works with delegated and application permissions; needs User-PasswordProfile.ReadWrite.All, and a Microsoft Entra role that may reset the account: for an administrator usually Privileged Authentication Administrator or Global Administrator). For a synchronized account, when a user is signed in with UserAuthenticationMethod.ReadWrite.All and the user is to change the password at the next sign-in, it uses the delegated resetPassword action instead, which takes the password through password writeback to on-premises Active Directory, and follows the operation until it ends (Method = 'resetPassword'). Without -NewPassword a 16-character temporary password is generated with a cryptographic random number generator; it meets the Microsoft Entra rules (8-256 characters, 3 of 4 character classes, allowed characters only) and contains no part of the user's name or user principal name. A -NewPassword is checked against the same rules: length, character classes, allowed characters and the parts of the user principal name before any Graph call, and the account's given name, surname and display name once the account is read, before anything is written.",
      "The result (SsprTools.PasswordResetResult: UserPrincipalName, TemporaryPassword, ForceChangePasswordNextSignIn, ResetAt, Method) carries the password only as a SecureString. It never appears in output, verbose, debug, warnings, errors or the command history. Hand it to the admin out of band, e.g. read it out over the phone after verifying who they are: [pscredential]::new('x', $r.TemporaryPassword).GetNetworkCredential().Password shows it on your screen only when you ask.",
      "ConfirmImpact is High, so the command asks before each reset. -WhatIf shows what would be reset and sends no write. -Force resets without asking (an explicit -Confirm still asks). Each account is handled on its own: a failure (not found, not permitted, a refused password, a Graph error) is a non-terminating error and the remaining accounts are still reset.",
    ],
    "parameters": [
      ("UserPrincipalName", "string[]", "The accounts to reset, by user principal name or object id. Accepts pipeline input by value (strings) and by property name, so the output of Test-SsprAdminReadiness can be piped in. Aliases: UPN, UserId.", True, "0", "true (ByValue, ByPropertyName)"),
      ("NewPassword", "SecureString", "The temporary password to set, as a SecureString (e.g. from Read-Host -AsSecureString), so the typed command holds no password. It must meet the Microsoft Entra rules and contain no part of the user's name; a weak one is refused (WeakPassword, InvalidArgument) and nothing is written; the error never contains the password. Omit it to have a strong password generated, which is the recommended way.", False, "named", "false"),
      ("ForceChangePasswordNextSignIn", "SwitchParameter", "Makes the user choose a new password at the next sign-in. On by default (Microsoft's recommendation); use -ForceChangePasswordNextSignIn:$false to turn it off.", False, "named", "false"),
      ("Force", "SwitchParameter", "Resets without asking for confirmation, e.g. in a runbook. -Confirm given together with -Force still asks, and -WhatIf still only reports.", False, "named", "false"),
      ("WhatIf", "SwitchParameter", "Runs the checks and shows which accounts would be reset, without writing anything to the tenant.", False, "named", "false"),
      ("Confirm", "SwitchParameter", "Asks for confirmation before each reset (the default, as ConfirmImpact is High). -Confirm:$false resets without asking.", False, "named", "false"),
    ],
    "outputs": [("SsprTools.PasswordResetResult", "UserPrincipalName, TemporaryPassword (SecureString), ForceChangePasswordNextSignIn, ResetAt, Method ('passwordProfile' or 'resetPassword'); also UserId.")],
    "examples": [
      ("Reset-AdminPassword -UserPrincipalName emily.carter@contoso.com -WhatIf", "Runs every check for Emily and shows what would be reset, without changing anything. Start here."),
      ("$r = Reset-AdminPassword -UserPrincipalName emily.carter@contoso.com\n[pscredential]::new('x', $r.TemporaryPassword).GetNetworkCredential().Password", "Resets Emily's password after confirmation, with a generated temporary password she must change at the next sign-in, and shows it once so you can read it out to her."),
      ("Test-SsprAdminReadiness | Where-Object { -not $_.SelfServiceReady } | Reset-AdminPassword -WhatIf", "Shows which admins who cannot reset their own password would be reset, and any reason a reset would be refused."),
      ("$pw = Read-Host -AsSecureString 'Temporary password'\nReset-AdminPassword daan.visser@contoso.com -NewPassword $pw -Force", "Sets a password you typed (never shown, never in the history) without a confirmation prompt."),
    ],
    "links": ["Test-SsprAdminReadiness", "Connect-SsprGraph", "Get-SsprDiagnosis"],
  },
  {
    "name": "Compare-SsprReadiness",
    "synopsis": "Shows what changed between two readiness scans of one tenant: who became unrecoverable, who can recover again, new and removed admins, findings added and resolved.",
    "description": [
      "Compare-SsprReadiness answers the scheduled scan's question: did anyone lose their way back in since last time? It reads a reference snapshot (an earlier Export-SsprTenantSnapshot) and a difference scan (a later snapshot, or the connected tenant now when -DifferenceSnapshotPath is omitted), evaluates BOTH with this module's rules and the postures given, and returns one SsprTools.ReadinessChange per account whose result differs. Because both sides are judged the same way now, a newer module version or another posture never shows up as drift: what remains is the tenant's own change.",
      "Change is one of BecameUnrecoverable (could recover before, cannot now), BecameRecoverable, Added (a new role holder; FindingsAdded lists all its findings), Removed (no longer holds a role, or is gone) and FindingsChanged (as recoverable as before, but findings were added or resolved, or what could be evaluated changed). Accounts are matched by object id, so a renamed account is the same admin. Findings are matched by id and severity, so a redacted snapshot compares with a live scan. The changes come in a stable order: who lost their way back in first, then added, removed, recovered and the rest, by user principal name.",
      "Snapshots of different schema versions compare. A check that only one side could evaluate (an older snapshot without the data, the methods not readable on one run, PIM eligibilities not read) is listed in NotComparable and its findings are neither added nor resolved: not evaluated is never passed, and never a change either. Two scans of different tenants are refused (CompareTenantMismatch).",
      "With -Quiet the cmdlet returns one bool for a job's exit status: true when nobody became unrecoverable, that is no BecameUnrecoverable and no new account (Added) that cannot recover.",
    ],
    "parameters": [
      ("ReferenceSnapshotPath", "string", "The earlier scan: a tenant snapshot file written by Export-SsprTenantSnapshot (redacted or not, any schema version this module reads).", True, "0", "false"),
      ("DifferenceSnapshotPath", "string", "The later scan: a snapshot of the same tenant. When omitted, the connected tenant (Connect-SsprGraph) is read now.", False, "1", "false"),
      POSTURE[:2] + ("The declared posture for administrator self-service password reset, applied to both scans: Any (default), Enabled or Disabled (see Test-SsprAdminReadiness).",) + POSTURE[3:],
      THROTTLE[:2] + ("Most Microsoft Graph requests in flight at once while reading the connected tenant (default 4; 1 to 16). Ignored, with a warning, when both sides are snapshot files.",) + THROTTLE[3:],
      ("Telephony", "Telephony", "Who delivers SMS and voice codes, applied to both scans: Microsoft (default; its own delivery ends on 2027-02-01, so phone gates stop counting from then), CustomerManaged (phone gates always count) or None (phone gates never count).", False, "named", "false"),
      ("AsOf", "DateTime", "Evaluate both scans by the rules as they stand on this date (default: today). Both sides use the same date, so a rule that changes with time (SSPR018 from 2027-02-01) shows no drift of its own.", False, "named", "false"),
      ("Quiet", "SwitchParameter", "Return one bool instead of objects: true when nobody became unrecoverable (no BecameUnrecoverable change and no Added account that cannot recover). Use it as a scheduled job's exit status.", True, "named", "false"),
    ],
    "outputs": [("SsprTools.ReadinessChange", "UserPrincipalName, DisplayName, Change (Added, Removed, BecameUnrecoverable, BecameRecoverable, FindingsChanged), FindingsAdded, FindingsResolved (SsprTools.Finding), NotComparable (checks only one side could evaluate), Before, After (SsprTools.AdminReadiness; null for Added and Removed respectively), LostRecovery."), ("System.Boolean", "With -Quiet.")],
    "examples": [
      ("Compare-SsprReadiness -ReferenceSnapshotPath ./last-week.snapshot.json -DifferenceSnapshotPath ./today.snapshot.json", "Shows one row per admin whose readiness changed between the two snapshots."),
      ("Connect-SsprGraph -TenantId contoso.onmicrosoft.com -Identity\nCompare-SsprReadiness ./last-week.snapshot.json | Where-Object Change -eq BecameUnrecoverable | Format-List", "Compares last week's snapshot with the connected tenant now and details who lost their way back in."),
      ("if (-not (Compare-SsprReadiness ./previous.snapshot.json ./current.snapshot.json -Quiet)) { exit 1 }", "Fails a scheduled job when someone became unrecoverable since the previous scan."),
      ("$changes = Compare-SsprReadiness ./previous.snapshot.json ./current.snapshot.json\nTest-SsprAdminReadiness -SnapshotPath ./current.snapshot.json | Export-SsprReadinessReport -Path ./sspr-report.html -Changes $changes -Force", "Writes the HTML report with a section on what changed since the previous scan."),
    ],
    "links": ["Export-SsprTenantSnapshot", "Export-SsprReadinessReport", "Test-SsprAdminReadiness"],
  },
]
