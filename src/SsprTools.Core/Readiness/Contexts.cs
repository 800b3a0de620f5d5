using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness
{
    public sealed class ReadinessOptions
    {
        public ExpectedAdminSspr ExpectedAdminSspr { get; init; } = ExpectedAdminSspr.Any;

        /// <summary>
        /// The tenant's declared emergency access (break-glass) accounts, by UPN or object id. They are judged by SSPR019
        /// instead of the self-service findings; SSPR020 counts them. Empty: none declared.
        /// </summary>
        public IReadOnlyList<string> EmergencyAccessAccounts { get; init; } = Array.Empty<string>();
        /// <summary>Who delivers SMS and voice codes (declared posture; default Microsoft).</summary>
        public Telephony Telephony { get; init; } = Telephony.Microsoft;
        /// <summary>The date the rules are evaluated for (its calendar date counts); null: now (UTC).</summary>
        public DateTime? AsOf { get; init; }

        /// <summary>These options evaluated as of another date (the status's "what 2027-02-01 does"). Kept beside the
        /// properties so that a new option is copied too.</summary>
        public ReadinessOptions WithAsOf(DateTime asOf) => new ReadinessOptions
        {
            ExpectedAdminSspr = ExpectedAdminSspr,
            EmergencyAccessAccounts = EmergencyAccessAccounts,
            Telephony = Telephony,
            AsOf = asOf,
        };
    }

    /// <summary>What every rule may ask about the tenant, computed once per scan.</summary>
    public sealed class TenantContext
    {
        public TenantContext(TenantIndex index, ReadinessOptions options)
        {
            Index = index;
            Options = options;
            Authority = new ResetAuthority(index);
            TwoGatePolicyApplies = index.TwoGatePolicyApplies;
            EnabledGlobalAdministrators = index.EnabledGlobalAdministrators;

            var declared = new List<DirectoryUser>();
            var unknown = new List<string>();
            foreach (var name in options.EmergencyAccessAccounts.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var user = index.FindUser(name);
                if (user == null)
                {
                    unknown.Add(name);
                }
                else if (!declared.Any(d => string.Equals(d.Id, user.Id, StringComparison.OrdinalIgnoreCase)))
                {
                    declared.Add(user);
                }
            }

            EmergencyAccessAccounts = declared;
            UnknownEmergencyAccessAccounts = unknown;
            emergencyIds = new HashSet<string>(declared.Select(u => u.Id), StringComparer.OrdinalIgnoreCase);
            AsOf = (options.AsOf ?? DateTime.UtcNow).Date;
            MicrosoftDeliveryEnds = index.Catalog.MicrosoftSmsVoiceDeliveryEnds;
            MicrosoftDeliveryEnded = AsOf >= MicrosoftDeliveryEnds;

            // Phone gates count only while SMS/voice is delivered: with Microsoft until 2027-02-01, always with a
            // customer-managed provider, never without telephony
            // (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
            var delivered = options.Telephony == Telephony.CustomerManaged ||
                (options.Telephony == Telephony.Microsoft && !MicrosoftDeliveryEnded);
            Gates = new PhoneGates(delivered, !EntraIdEditions.ProhibitsVoice(index.Data.Tenant.EntraIdEdition));
        }

        private readonly HashSet<string> emergencyIds;
        private IReadOnlyList<DirectoryUser>? emergencyCandidates;

        /// <summary>Whether -EmergencyAccessAccount was given at all (even naming only accounts that do not exist).</summary>
        public bool EmergencyAccessDeclared => Options.EmergencyAccessAccounts.Any(n => !string.IsNullOrWhiteSpace(n));
        /// <summary>The declared emergency access accounts that exist in the tenant data, in declaration order.</summary>
        public IReadOnlyList<DirectoryUser> EmergencyAccessAccounts { get; }
        /// <summary>Declared names that match no account: reported, never silently dropped.</summary>
        public IReadOnlyList<string> UnknownEmergencyAccessAccounts { get; }
        public bool IsEmergencyAccess(DirectoryUser user) => emergencyIds.Contains(user.Id);

        /// <summary>
        /// Accounts that look like emergency access accounts by the criteria of
        /// learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access: enabled, cloud-only, on an
        /// initial (*.onmicrosoft.com) domain, holding an active tenant-wide Global Administrator role. Named by SSPR020 when
        /// none were declared; a name is a hint, never an assumption.
        /// </summary>
        public IReadOnlyList<DirectoryUser> EmergencyAccessCandidates =>
            emergencyCandidates ??= Index.RoleHolders
                .Where(u => u.AccountEnabled && u.OnPremisesSyncEnabled != true && EmergencyAccess.OnInitialDomain(u.UserPrincipalName)
                    && EmergencyAccess.HasPermanentGlobalAdministrator(Index, u))
                .ToList();

        public TenantIndex Index { get; }
        public ReadinessOptions Options { get; }
        public ResetAuthority Authority { get; }
        public TenantData Data => Index.Data;
        public bool AdminSsprAllowed => Data.Tenant.AllowedToUseSspr;
        public bool TwoGatePolicyApplies { get; }
        public IReadOnlyList<DirectoryUser> EnabledGlobalAdministrators { get; }
        public bool ExpectsDisabled => Options.ExpectedAdminSspr == ExpectedAdminSspr.Disabled;
        /// <summary>The calendar date the rules are evaluated for (-AsOf, default today UTC).</summary>
        public DateTime AsOf { get; }
        /// <summary>The first day without Microsoft-delivered SMS/voice (domain-data.json: 2027-02-01).</summary>
        public DateTime MicrosoftDeliveryEnds { get; }
        /// <summary>AsOf is on or after <see cref="MicrosoftDeliveryEnds"/>.</summary>
        public bool MicrosoftDeliveryEnded { get; }
        public Telephony Telephony => Options.Telephony;
        /// <summary>Which phone gates count in this scan.</summary>
        public PhoneGates Gates { get; }
        /// <summary>The tenant's Entra ID edition is known (voice rule evaluated).</summary>
        public bool EditionKnown => EntraIdEditions.IsKnown(Data.Tenant.EntraIdEdition);
    }

    /// <summary>What every rule may ask about one account.</summary>
    public sealed class AdminContext
    {
        public AdminContext(TenantContext tenant, DirectoryUser user)
        {
            Tenant = tenant;
            User = user;
            Holdings = tenant.Index.HoldingsOf(user);
            IsAdmin = Holdings.Any(h => h.Role.AdminPolicy);
            Methods = MethodInventory.For(user, tenant.Index, tenant.Gates);
            Resetters = tenant.Authority.WhoCanReset(user);
            RequiredMethods = tenant.TwoGatePolicyApplies ? 2 : 1;
            IsEmergencyAccess = tenant.IsEmergencyAccess(user);
        }

        /// <summary>Declared with -EmergencyAccessAccount: judged by SSPR019 instead of the self-service findings.</summary>
        public bool IsEmergencyAccess { get; }

        public TenantContext Tenant { get; }
        public DirectoryUser User { get; }
        public IReadOnlyList<RoleHolding> Holdings { get; }
        public bool IsAdmin { get; }
        public MethodInventory Methods { get; }
        public IReadOnlyList<Resetter> Resetters { get; }
        public int RequiredMethods { get; }

        public string RoleSummary =>
            Holdings.Count == 0 ? Texts.Get("NoAdminRoles") : string.Join(", ", Holdings.Select(h => h.Role.Name).Distinct(StringComparer.Ordinal));
    }

    /// <summary>A rule about one admin. One class per finding id, declared with <see cref="FindingAttribute"/>.</summary>
    public interface IAdminRule
    {
        string Id { get; }
        IEnumerable<Finding> Evaluate(AdminContext admin);
    }

    /// <summary>A rule about the whole tenant (SSPR001, SSPR012, SSPR017); these also report on each affected admin.</summary>
    public interface ITenantRule
    {
        string Id { get; }
        IEnumerable<Finding> EvaluateTenant(TenantContext tenant);
    }

    internal static class Findings
    {
        /// <summary>A finding with the catalog's title, remediation and reference for <paramref name="id"/>.</summary>
        /// <exception cref="InvalidOperationException">No rule declares <paramref name="id"/>, or not with this severity.</exception>
        public static Finding Create(string id, FindingSeverity severity, string detail)
        {
            var definition = FindingCatalog.Find(id)
                ?? throw new InvalidOperationException($"Finding {id} is not declared by any rule class ([Finding] attribute).");
            if (!definition.Severities.Contains(severity))
            {
                throw new InvalidOperationException($"Finding {id} is emitted as {severity} but its [Finding] attribute declares {string.Join(", ", definition.Severities)}.");
            }

            return new Finding(definition.Id, severity, Texts.Get(id + "_Title"), detail, Texts.Get(id + "_Remediation"), Texts.Get(id + "_Reference"));
        }

        public static IEnumerable<Finding> One(string id, FindingSeverity severity, string detail)
        {
            yield return Create(id, severity, detail);
        }

        public static readonly IEnumerable<Finding> None = Array.Empty<Finding>();
    }
}
