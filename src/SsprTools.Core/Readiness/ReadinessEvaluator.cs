using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness.Rules;
using SsprTools.Core.Roles;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness
{
    /// <summary>
    /// Runs every rule over a tenant: one AdminReadiness per account, and the tenant status. The same TenantData,
    /// whether read live or from a snapshot, gives the same findings.
    /// </summary>
    public sealed class ReadinessEvaluator
    {
        /// <summary>The rules, in id order: every rule class of <see cref="FindingCatalog"/> (no list to edit here).</summary>
        public static readonly IReadOnlyList<IAdminRule> AdminRules = FindingCatalog.All.Select(d => d.Rule).OfType<IAdminRule>().ToList();

        /// <summary>The tenant-wide rules (those that implement <see cref="ITenantRule"/>), in id order.</summary>
        public static readonly IReadOnlyList<ITenantRule> TenantRules = FindingCatalog.All.Select(d => d.Rule).OfType<ITenantRule>().ToList();

        private readonly TenantContext tenant;
        private readonly string source;
        private readonly DateTimeOffset retrievedAt;
        private readonly RoleCatalog catalog;
        private readonly SharedNameLists resetterNames = new SharedNameLists();

        public ReadinessEvaluator(TenantData data, ReadinessOptions? options = null, RoleCatalog? catalog = null, DateTimeOffset? retrievedAt = null)
        {
            this.catalog = catalog ?? RoleCatalog.Default;
            tenant = new TenantContext(new TenantIndex(data, this.catalog), options ?? new ReadinessOptions());
            source = data.Source ?? "snapshot";
            this.retrievedAt = retrievedAt ?? data.GeneratedAt ?? DateTimeOffset.UtcNow;
        }

        public TenantContext Tenant => tenant;
        public TenantIndex Index => tenant.Index;

        /// <summary>One result per role holder (admins, and role holders outside the admin policy with SSPR016).</summary>
        /// <summary>Declared emergency access accounts are always scanned, even when they hold no role (SSPR019 then says so).</summary>
        public IReadOnlyList<AdminReadiness> EvaluateAll() =>
            tenant.Index.RoleHolders
                .Concat(tenant.EmergencyAccessAccounts.Where(u => tenant.Index.HoldingsOf(u).Count == 0))
                .OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase)
                .Select(Evaluate).ToList();

        /// <summary>The result for one account by UPN or object id; null when the tenant has no such user.</summary>
        public AdminReadiness? EvaluateUser(string userPrincipalNameOrId)
        {
            var user = tenant.Index.FindUser(userPrincipalNameOrId);
            return user == null ? null : Evaluate(user);
        }

        public AdminReadiness Evaluate(DirectoryUser user)
        {
            var admin = new AdminContext(tenant, user);
            var findings = AdminRules.SelectMany(rule => rule.Evaluate(admin))
                .Where(f => !admin.IsEmergencyAccess || !NotForEmergencyAccess(f.Id))
                .Select(ApplyPosture).ToArray();
            var notEvaluated = NotEvaluatedFor(admin);
            // Who may reset this account could not be read in full (a denied optional read): not evaluated, not passed.
            notEvaluated.AddRange(tenant.Data.Collection.DeniedReads);
            var selfServiceReady = SelfServiceReady(admin, notEvaluated);

            return new AdminReadiness
            {
                UserPrincipalName = user.UserPrincipalName,
                DisplayName = user.DisplayName,
                Roles = admin.Holdings.Select(Describe).Distinct(StringComparer.Ordinal).ToArray(),
                AccountEnabled = user.AccountEnabled,
                SelfServiceReady = selfServiceReady,
                AssistedResetBy = resetterNames.Share(admin.Resetters),
                Recoverable = user.AccountEnabled && (selfServiceReady || admin.Resetters.Count > 0),
                IsEmergencyAccess = admin.IsEmergencyAccess,
                Findings = findings,
                NotEvaluated = notEvaluated.ToArray(),
                UsableMethods = admin.Methods.UsableKinds.Select(k => k.ToString()).ToArray(),
                RequiredMethods = admin.RequiredMethods,
                DependsOnSmsVoice = admin.IsAdmin && Sspr018SmsVoiceDependent.DependsOnSmsVoice(admin),
                IsAdmin = admin.IsAdmin,
                UserId = user.Id,
                TenantId = tenant.Data.Tenant.Id,
                Source = source,
            };
        }

        /// <summary>The tenant status; <paramref name="admins"/> are the results it counts (EvaluateAll when null).</summary>
        public TenantStatus Status(IReadOnlyList<AdminReadiness>? admins = null)
        {
            admins ??= EvaluateAll();
            var data = tenant.Data;
            var notEvaluated = new List<string>();
            if (data.Collection.RoleEligibilities != CollectionStates.Available)
            {
                notEvaluated.Add(Texts.Format("NotEvaluated_PimUnavailable", Reason(data.Collection.RoleEligibilities)));
            }

            if (data.Collection.RegistrationReport != CollectionStates.Available)
            {
                notEvaluated.Add(Texts.Format("NotEvaluated_RegistrationReport", Reason(data.Collection.RegistrationReport)));
            }

            notEvaluated.AddRange(data.Collection.Notes);
            notEvaluated.AddRange(tenant.UnknownEmergencyAccessAccounts.Select(n => Texts.Format("NotEvaluated_EmergencyUnknown", n)));
            if (data.AuthenticationMethodsPolicy == null)
            {
                notEvaluated.Add(Texts.Format("NotEvaluated_MethodsPolicy",
                    data.Collection.AuthenticationMethodsPolicy == CollectionStates.Forbidden ? Texts.Get("Reason_ForbiddenPolicy") : Reason(data.Collection.AuthenticationMethodsPolicy)));
            }

            if (tenant.Index.RoleAssignableGroupsWithUnknownOwners.Count > 0)
            {
                notEvaluated.Add(Texts.Format("NotEvaluated_GroupOwners",
                    string.Join(", ", tenant.Index.RoleAssignableGroupsWithUnknownOwners.Select(g => g.DisplayName ?? g.Id))));
            }

            if (data.SchemaVersion < Snapshots.SnapshotFormat.OwnersAndPolicyVersion)
            {
                notEvaluated.Add(Texts.Format("NotEvaluated_OldSchema", data.SchemaVersion));
            }

            var adminResults = admins.Where(a => a.IsAdmin).ToList();

            // What 2027-02-01 does to these admins: with Microsoft delivering SMS/voice and the date still ahead, the same
            // accounts evaluated as of that date; otherwise the date changes nothing for this posture.
            var after = adminResults;
            if (tenant.Telephony == Telephony.Microsoft && !tenant.MicrosoftDeliveryEnded)
            {
                var later = new ReadinessEvaluator(data, tenant.Options.WithAsOf(tenant.MicrosoftDeliveryEnds), catalog, retrievedAt);
                after = adminResults.Select(a => later.EvaluateUser(a.UserId ?? a.UserPrincipalName) ?? a).ToList();
            }

            var losing = adminResults.Zip(after, (now, then) => (now, then))
                .Where(p => p.now.SelfServiceReady && !p.then.SelfServiceReady && !p.now.IsEmergencyAccess).Select(p => p.now.UserPrincipalName).ToArray();
            // Emergency access accounts do not recover by self-service (SSPR019 judges them): not counted here.
            var dependent = adminResults.Where(a => a.DependsOnSmsVoice && !a.IsEmergencyAccess).Select(a => a.UserPrincipalName).ToArray();
            if (!tenant.EditionKnown && adminResults.Count > 0)
            {
                notEvaluated.Add(Texts.Get("NotEvaluated_EditionUnknown"));
            }

            return new TenantStatus
            {
                TenantId = data.Tenant.Id,
                TenantName = data.Tenant.DisplayName,
                SelfServePasswordResetEnabled = data.Tenant.AllowedToUseSspr,
                TwoGatePolicyApplies = tenant.TwoGatePolicyApplies,
                AdminCount = adminResults.Count,
                GlobalAdminCount = tenant.EnabledGlobalAdministrators.Count,
                RecoverableAdminCount = adminResults.Count(a => a.Recoverable),
                RegistrationReportAvailable = data.Collection.RegistrationReport == CollectionStates.Available,
                EmergencyAccessAccounts = tenant.EmergencyAccessAccounts.Select(u => u.UserPrincipalName).ToArray(),
                AuthenticationMethodsPolicy = PolicyStatus(data.AuthenticationMethodsPolicy),
                Findings = TenantRules.SelectMany(r => r.EvaluateTenant(tenant)).ToArray(),
                Source = source,
                RetrievedAt = retrievedAt,
                ExpectedAdminSspr = tenant.Options.ExpectedAdminSspr,
                Telephony = tenant.Telephony,
                AsOf = tenant.AsOf,
                SmsVoiceRetirementDate = tenant.MicrosoftDeliveryEnds,
                SmsVoiceDependentAdminCount = dependent.Length,
                SmsVoiceDependentAdmins = dependent,
                SelfServiceReadyAdminCount = adminResults.Count(a => a.SelfServiceReady),
                SelfServiceReadyAdminCountAfterRetirement = after.Count(a => a.SelfServiceReady),
                RecoverableAdminCountAfterRetirement = after.Count(a => a.Recoverable),
                AdminsLosingSelfService = losing,
                EntraIdEdition = data.Tenant.EntraIdEdition,
                NotEvaluated = notEvaluated.ToArray(),
            };
        }

        /// <summary>
        /// The self-service findings ([Finding(SelfService = true)]) do not apply to a declared emergency access account: its
        /// missing SSPR contact data is by design (learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access:
        /// "Ensure that users haven't registered multifactor authentication or self-service password reset (SSPR) to any
        /// individual user's device or personal details"); SSPR019 judges it instead.
        /// </summary>
        private static bool NotForEmergencyAccess(string id) => FindingCatalog.Find(id)?.SelfService == true;

        private static AuthenticationMethodsPolicyStatus? PolicyStatus(AuthenticationMethodsPolicyInfo? policy)
        {
            if (policy == null)
            {
                return null;
            }

            string? State(string id) => policy.AuthenticationMethodConfigurations
                .FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase))?.State;
            return new AuthenticationMethodsPolicyStatus
            {
                MigrationState = policy.PolicyMigrationState,
                Sms = State("Sms"),
                Voice = State("Voice"),
                Email = State("Email"),
                Fido2 = State("Fido2"),
                MicrosoftAuthenticator = State("MicrosoftAuthenticator"),
                SoftwareOath = State("SoftwareOath"),
                TemporaryAccessPass = State("TemporaryAccessPass"),
            };
        }

        // Self-service findings ([Finding(SelfService = true)]) become Info when admin SSPR is expected to be disabled.
        private Finding ApplyPosture(Finding finding) =>
            tenant.ExpectsDisabled && FindingCatalog.Find(finding.Id)?.SelfService == true && finding.Severity != FindingSeverity.Info
                ? finding.WithSeverity(FindingSeverity.Info, Texts.Get("PostureInfoSuffix"))
                : finding;

        private bool SelfServiceReady(AdminContext admin, List<string> notEvaluated)
        {
            if (!admin.User.AccountEnabled)
            {
                return false;
            }

            if (!admin.IsAdmin)
            {
                // A non-admin follows the user SSPR policy, whose scope Graph does not expose; the registration
                // report's isSsprCapable (registered and allowed) is the only evidence.
                var capable = admin.User.RegistrationDetails?.IsSsprCapable;
                if (capable == null)
                {
                    notEvaluated.Add(Texts.Get("NotEvaluated_UserPolicy"));
                }

                return capable == true;
            }

            return admin.Tenant.AdminSsprAllowed && admin.Methods.UsableKinds.Count >= admin.RequiredMethods;
        }

        private List<string> NotEvaluatedFor(AdminContext admin)
        {
            var notes = new List<string>();
            if (tenant.Authority.OwnershipUnknownMatters(admin.User))
            {
                notes.Add(Texts.Get("NotEvaluated_OwnerResetters"));
            }

            if (admin.IsEmergencyAccess)
            {
                // The self-service checks do not apply; what SSPR019 could not see is what matters.
                if (EmergencyAccess.HasPhishingResistantMethod(admin.User, admin.Methods.AuthenticationMethodsRead,
                        Sspr019EmergencyAccessUnfit.CertificateBindingsRead(admin)) == null)
                {
                    notes.Add(Texts.Get("NotEvaluated_EmergencyMethods"));
                }

                return notes;
            }

            if (!admin.Methods.AuthenticationMethodsRead)
            {
                var collected = tenant.Data.Collection.AuthenticationMethods;
                notes.Add(admin.User.AuthenticationMethodsError != null
                    ? Texts.Format("NotEvaluated_MethodsUnreadable", admin.User.AuthenticationMethodsError)
                    : Texts.Format("NotEvaluated_MethodsNotCollected", Reason(collected == CollectionStates.Available ? CollectionStates.NotRead : collected)));
            }

            foreach (var masked in admin.Methods.Candidates.Where(c => c.State == MethodState.Unknown))
            {
                notes.Add(Texts.Format("NotEvaluated_Masked", Texts.Get(masked.SourceKey), masked.Display));
            }

            // Free/trial tenants may not use voice calls (concept-sspr-policy). When the edition was not read, voice counts
            // (the documented default), and an admin whose gates rest on a voice-only number is told so.
            if (admin.IsAdmin && !tenant.EditionKnown && admin.Tenant.Gates.Delivered)
            {
                var withVoice = admin.Methods.UsableKinds.Count;
                var withoutVoice = admin.Methods.Counted(new PhoneGates(true, false)).Count;
                if (withVoice >= admin.RequiredMethods && withoutVoice < admin.RequiredMethods)
                {
                    notes.Add(Texts.Get("NotEvaluated_VoiceEdition"));
                }
            }

            return notes;
        }

        private static string Reason(string state) =>
            state == CollectionStates.NotLicensed ? Texts.Get("Reason_NotLicensed")
            : state == CollectionStates.Forbidden ? Texts.Get("Reason_Forbidden")
            : Texts.Get("Reason_NotRead");

        private static string Describe(RoleHolding h)
        {
            if (!h.IsActive)
            {
                return Texts.Format("Role_Eligible", h.Role.Name);
            }

            if (h.ViaGroup != null)
            {
                return Texts.Format("Role_ViaGroup", h.Role.Name, h.ViaGroup.DisplayName ?? h.ViaGroup.Id);
            }

            if (!h.IsTenantWide)
            {
                return Texts.Format("Role_AuScoped", h.Role.Name, h.Unit?.DisplayName ?? h.UnitId ?? h.DirectoryScopeId);
            }

            return h.Role.Name;
        }
    }
}
