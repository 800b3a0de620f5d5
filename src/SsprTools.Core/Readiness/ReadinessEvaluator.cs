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
        /// <summary>The rules, in catalog order. Adding a finding is adding a class here.</summary>
        public static readonly IReadOnlyList<IAdminRule> AdminRules = new IAdminRule[]
        {
            new Sspr001AdminSsprDisabled(),
            new Sspr002NoAlternateEmail(),
            new Sspr003NoMobilePhone(),
            new Sspr004NoCountryCode(),
            new Sspr005TrunkPrefixKept(),
            new Sspr006CannotReceiveSms(),
            new Sspr007Unparseable(),
            new Sspr008EmailNotIndependent(),
            new Sspr009TwoGateNotMet(),
            new Sspr010AccountDisabled(),
            new Sspr011NoAssistedReset(),
            new Sspr012SingleGlobalAdministrator(),
            new Sspr013PasswordOnPremises(),
            new Sspr014CountryOptIn(),
            new Sspr015EligibleOnly(),
            new Sspr016NotAnAdmin(),
            new Sspr017EnabledAgainstPosture(),
        };

        public static readonly IReadOnlyList<ITenantRule> TenantRules = AdminRules.OfType<ITenantRule>().ToList();

        /// <summary>Self-service findings that become Info when admin SSPR is expected to be disabled.</summary>
        private static readonly HashSet<string> SelfServiceFindingIds = new HashSet<string>(StringComparer.Ordinal)
        {
            "SSPR002", "SSPR003", "SSPR004", "SSPR005", "SSPR006", "SSPR007", "SSPR008", "SSPR009", "SSPR014",
        };

        private readonly TenantContext tenant;
        private readonly string source;
        private readonly DateTimeOffset retrievedAt;

        public ReadinessEvaluator(TenantData data, ReadinessOptions? options = null, RoleCatalog? catalog = null, DateTimeOffset? retrievedAt = null)
        {
            tenant = new TenantContext(new TenantIndex(data, catalog ?? RoleCatalog.Default), options ?? new ReadinessOptions());
            source = data.Source ?? "snapshot";
            this.retrievedAt = retrievedAt ?? data.GeneratedAt ?? DateTimeOffset.UtcNow;
        }

        public TenantContext Tenant => tenant;
        public TenantIndex Index => tenant.Index;

        /// <summary>One result per role holder (admins, and role holders outside the admin policy with SSPR016).</summary>
        public IReadOnlyList<AdminReadiness> EvaluateAll() =>
            tenant.Index.RoleHolders.Select(Evaluate).ToList();

        /// <summary>The result for one account by UPN or object id; null when the tenant has no such user.</summary>
        public AdminReadiness? EvaluateUser(string userPrincipalNameOrId)
        {
            var user = tenant.Index.FindUser(userPrincipalNameOrId);
            return user == null ? null : Evaluate(user);
        }

        public AdminReadiness Evaluate(DirectoryUser user)
        {
            var admin = new AdminContext(tenant, user);
            var findings = AdminRules.SelectMany(rule => rule.Evaluate(admin)).Select(ApplyPosture).ToArray();
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
                AssistedResetBy = admin.Resetters.Select(r => r.User.UserPrincipalName).ToArray(),
                Recoverable = user.AccountEnabled && (selfServiceReady || admin.Resetters.Count > 0),
                Findings = findings,
                NotEvaluated = notEvaluated.ToArray(),
                UsableMethods = admin.Methods.UsableKinds.Select(k => k.ToString()).ToArray(),
                RequiredMethods = admin.RequiredMethods,
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

            var adminResults = admins.Where(a => a.IsAdmin).ToList();
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
                Findings = TenantRules.SelectMany(r => r.EvaluateTenant(tenant)).ToArray(),
                Source = source,
                RetrievedAt = retrievedAt,
                ExpectedAdminSspr = tenant.Options.ExpectedAdminSspr,
                NotEvaluated = notEvaluated.ToArray(),
            };
        }

        private Finding ApplyPosture(Finding finding) =>
            tenant.ExpectsDisabled && SelfServiceFindingIds.Contains(finding.Id) && finding.Severity != FindingSeverity.Info
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
