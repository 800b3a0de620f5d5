using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core;
using SsprTools.Core.Graph;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reset;
using SsprTools.Core.Roles;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Reset-AdminPassword: the knowledge-base articles' answer to a locked-out admin ("ask another admin to reset your
    /// password") as one command. Checks before it writes (the account exists, it is not the caller's own, the caller's
    /// roles may reset it, synced or not), asks for confirmation, then sets a temporary password through
    /// PATCH /users/{id} passwordProfile. The password is only ever a SecureString.
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "AdminPassword", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(PasswordResetResult))]
    public sealed class ResetAdminPasswordCommand : SsprCmdlet
    {
        private readonly List<string> requested = new List<string>();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The accounts to reset (UPN or object id); from the pipeline by value or by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UPN", "UserId")]
        [ValidateNotNullOrEmpty]
        public string[]? UserPrincipalName { get; set; }

        /// <summary>The temporary password to set; when omitted a strong one is generated.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? NewPassword { get; set; }

        /// <summary>Make the user choose a new password at the next sign-in (default: true).</summary>
        [Parameter]
        public SwitchParameter ForceChangePasswordNextSignIn { get; set; } = new SwitchParameter(true);

        /// <summary>Reset without asking for confirmation (-Confirm still asks; -WhatIf still only reports).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            if (NewPassword != null)
            {
                // The rules that do not depend on the account, before anything is read or written.
                var problems = SecureStrings.WithChars(NewPassword, chars => PasswordPolicy.Problems(chars, Array.Empty<string>()));
                if (problems.Count > 0)
                {
                    ThrowTerminatingError(ErrorRecords.From(new SsprException("WeakPassword", SsprErrorKind.InvalidArgument,
                        Texts.Format("Reset_WeakPasswordGeneral", string.Join("; ", problems)), Texts.Get("Reset_WeakPassword_Action"))));
                }
            }

            Guard(() => RequireConnection());
        }

        protected override void ProcessRecord()
        {
            foreach (var name in UserPrincipalName ?? Array.Empty<string>())
            {
                var upn = name?.Trim();
                if (string.IsNullOrEmpty(upn) || !seen.Add(upn!))
                {
                    continue;
                }

                // A -NewPassword holding the UPN's own parts is refused now, before any Graph call.
                if (NewPassword != null && NameProblems(new[] { upn }) is string problem)
                {
                    WriteError(ErrorRecords.From(WeakPassword(upn!, problem)));
                    continue;
                }

                requested.Add(upn!);
            }
        }

        protected override void EndProcessing()
        {
            if (requested.Count == 0)
            {
                return;
            }

            SsprConnection? connection = null;
            GraphPasswordWriter? writer = null;
            CallerInfo caller = CallerInfo.Unknown;
            TenantIndex? index = null;
            Guard(() =>
            {
                connection = RequireConnection();
                writer = new GraphPasswordWriter(connection);
                var w = writer;
                caller = RunAsync((_, ct) => w.GetCallerAsync(ct));
                if (caller.UserId != null || caller.RoleIds != null)
                {
                    WriteDebug("Caller: object id " + (caller.UserId ?? "(application)") + ", " + (caller.RoleIds?.Count ?? 0) + " tenant-wide role(s) in the token");
                }

                // The tenant is read once for every account asked about: the checks below need the role holders and these accounts.
                var data = ReadTenant(new GraphTenantSource(connection), new TenantReadOptions { Users = requested, RequestedUsersOnly = true });
                index = new TenantIndex(data, RoleCatalog.Default);
            });

            if (writer == null || index == null)
            {
                return;
            }

            foreach (var upn in requested)
            {
                ResetOne(writer, index, caller, upn);
            }
        }

        private void ResetOne(GraphPasswordWriter writer, TenantIndex index, CallerInfo caller, string upn)
        {
            SecureString? password = null;
            var handedOver = false;
            try
            {
                var plan = ResetPlanner.Plan(index, upn, caller);
                var user = plan.Target;
                var nameParts = new[] { user.UserPrincipalName, user.GivenName, user.Surname, user.DisplayName };
                if (NewPassword != null && NameProblems(nameParts) is string problem)
                {
                    throw WeakPassword(user.UserPrincipalName, problem);
                }

                foreach (var note in plan.Notes)
                {
                    WriteWarning(note);
                }

                var roles = plan.TargetRoles.Count > 0 ? string.Join(", ", plan.TargetRoles) : Texts.Get("NoAdminRoles");
                if (!Confirmed(Texts.Format("Reset_ShouldProcessTarget", user.UserPrincipalName, roles)))
                {
                    return;
                }

                password = NewPassword != null ? ReadOnlyCopy(NewPassword) : PasswordGenerator.Generate(nameParts);
                var authority = new ResetAuthority(index);
                var write = new PasswordWrite
                {
                    UserId = user.Id,
                    UserPrincipalName = user.UserPrincipalName,
                    Password = password,
                    ForceChangePasswordNextSignIn = ForceChangePasswordNextSignIn.IsPresent,
                    RolesThatMayReset = authority.AllowedResetterKeys(user).Select(index.Catalog.ResetterDisplayName).ToList(),
                };
                // A synced account on a delegated connection that may use it goes through resetPassword (writeback); else PATCH.
                var action = writer.PrefersResetPasswordAction(caller, user.OnPremisesSyncEnabled == true, write.ForceChangePasswordNextSignIn);
                var method = action ? "resetPassword" : "passwordProfile";
                WriteVerbose("Resetting the password of " + user.UserPrincipalName + " through " + method + " (" +
                             (NewPassword != null ? "the password given" : "a generated password") +
                             ", forceChangePasswordNextSignIn " + (write.ForceChangePasswordNextSignIn ? "true" : "false") + ")");
                var at = RunAsync((observer, ct) => action
                    ? writer.ResetPasswordActionAsync(write, observer, ct)
                    : writer.SetPasswordProfileAsync(write, observer, ct));
                handedOver = true;
                WriteObject(new PasswordResetResult
                {
                    UserPrincipalName = user.UserPrincipalName,
                    UserId = user.Id,
                    TemporaryPassword = password,
                    ForceChangePasswordNextSignIn = write.ForceChangePasswordNextSignIn,
                    ResetAt = at,
                    Method = method,
                });
            }
            catch (SsprException e)
            {
                WriteError(ErrorRecords.From(e));
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is RuntimeException) && !(e is PipelineClosedException))
            {
                WriteError(ErrorRecords.Unexpected(e, upn));
            }
            finally
            {
                if (!handedOver)
                {
                    password?.Dispose();
                }
            }
        }

        /// <summary>
        /// ConfirmImpact High: ShouldProcess asks (or, with -WhatIf, only reports). -Force skips the question unless -Confirm is
        /// given too; -WhatIf always wins, so -Force -WhatIf writes nothing either.
        /// </summary>
        private bool Confirmed(string target)
        {
            var action = Texts.Get("Reset_ShouldProcessAction");
            if (Force && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !WhatIfInEffect())
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        private bool WhatIfInEffect()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
            {
                return LanguagePrimitives.IsTrue(bound is SwitchParameter s ? s.IsPresent : bound);
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>The name-part problem of -NewPassword for these name parts, or null.</summary>
        private string? NameProblems(IEnumerable<string?> nameParts)
        {
            var parts = nameParts.ToList();
            var problems = SecureStrings.WithChars(NewPassword!, chars => PasswordPolicy.Problems(chars, parts));
            return problems.Count > 0 ? string.Join("; ", problems) : null;
        }

        private static SsprException WeakPassword(string upn, string problems) =>
            new SsprException("WeakPassword", SsprErrorKind.InvalidArgument,
                Texts.Format("Reset_WeakPassword", upn, problems), Texts.Get("Reset_WeakPassword_Action"), upn);

        private static SecureString ReadOnlyCopy(SecureString source)
        {
            var copy = source.Copy();
            copy.MakeReadOnly();
            return copy;
        }
    }
}
