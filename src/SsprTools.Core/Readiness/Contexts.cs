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
        /// <summary>Who delivers SMS and voice codes (declared posture; default Microsoft).</summary>
        public Telephony Telephony { get; init; } = Telephony.Microsoft;
        /// <summary>The date the rules are evaluated for (its calendar date counts); null: now (UTC).</summary>
        public DateTime? AsOf { get; init; }
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
        }

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
