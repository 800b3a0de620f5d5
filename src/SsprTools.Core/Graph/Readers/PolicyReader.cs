using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>The tenant itself: the organization (domains, directory sync) and the policies the SSPR rules read.</summary>
    internal sealed class PolicyReader
    {
        private readonly GraphTransport t;

        public PolicyReader(GraphTransport transport)
        {
            t = transport;
        }

        /// <summary>The organization; a tenant without one is invalid data.</summary>
        public async Task<Organization> OrganizationAsync()
        {
            var page = await t.Call(Texts.Get("GraphWhat_Organization"), "organization",
                () => t.Client.Organization.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "verifiedDomains", "onPremisesSyncEnabled", "assignedPlans" }, t.Ct))
                .ConfigureAwait(false);
            return page?.Value?.FirstOrDefault()
                ?? throw new SsprException("OrganizationNotFound", SsprErrorKind.InvalidData, Texts.Get("Graph_NoOrganization"), Texts.Get("Graph_NoOrganization_Action"));
        }

        /// <summary>The authorization policy (allowedToUseSSPR: admin SSPR on or off). Everything depends on it: a refusal stops the read.</summary>
        public Task<AuthorizationPolicy?> AuthorizationPolicyAsync() =>
            t.Call(Texts.Get("GraphWhat_Policy"), "policies/authorizationPolicy",
                () => t.Client.Policies.AuthorizationPolicy.GetAsync(null, t.Ct));

        /// <summary>
        /// GET /policies/authenticationMethodsPolicy (Policy.Read.All), shown as context: the admin SSPR policy does not
        /// depend on it (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy). Refused → not evaluated
        /// with one warning naming the permission, never an error.
        /// </summary>
        public async Task<(AuthenticationMethodsPolicyInfo? Policy, string State)> MethodsPolicyAsync()
        {
            const string path = "policies/authenticationMethodsPolicy";
            try
            {
                var policy = await t.Client.Policies.AuthenticationMethodsPolicy.GetAsync(null, t.Ct).ConfigureAwait(false);
                return policy == null ? (null, CollectionStates.NotRead) : (ToPolicy(policy), CollectionStates.Available);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                t.Observer.Warning(Texts.Format("Graph_MethodsPolicyNotRead", f.Status + (f.Status == 403 ? ", Policy.Read.All" : "")));
                return (null, f.Status == 403 ? CollectionStates.Forbidden : CollectionStates.NotRead);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_MethodsPolicy"), path, t.Endpoint);
            }
        }

        private static AuthenticationMethodsPolicyInfo ToPolicy(AuthenticationMethodsPolicy p) => new AuthenticationMethodsPolicyInfo
        {
            PolicyMigrationState = GraphMapping.Camel(p.PolicyMigrationState?.ToString()),
            AuthenticationMethodConfigurations = (p.AuthenticationMethodConfigurations ?? new List<AuthenticationMethodConfiguration>())
                .Where(c => c?.Id != null)
                .Select(c => new AuthenticationMethodConfigurationInfo { ODataType = c.OdataType, Id = c.Id!, State = GraphMapping.Camel(c.State?.ToString()) })
                .ToList(),
        };

        /// <summary>
        /// The Microsoft Entra ID edition for the admin policy's voice rule ("Office and mobile voice calls are also
        /// prohibited for trial or free versions", learn.microsoft.com/entra/identity/authentication/concept-sspr-policy):
        /// "free" when organization.assignedPlans holds no enabled AADPremiumService plan; else GET /directory/subscriptions
        /// tells whether a paid (not trial) subscription carries one of those plans ("premium") or only trials do ("trial").
        /// When the subscriptions cannot be read, premium and trial cannot be told apart: null (not evaluated).
        /// </summary>
        public async Task<string?> EditionAsync(IReadOnlyList<AssignedPlan>? assignedPlans)
        {
            if (assignedPlans == null)
            {
                return null;
            }

            var premiumPlans = new HashSet<string>(assignedPlans
                .Where(p => string.Equals(p.Service, "AADPremiumService", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(p.CapabilityStatus, "Enabled", StringComparison.OrdinalIgnoreCase) && p.ServicePlanId != null)
                .Select(p => p.ServicePlanId!.Value.ToString()), StringComparer.OrdinalIgnoreCase);
            if (premiumPlans.Count == 0)
            {
                return EntraIdEditions.Free;
            }

            List<CompanySubscription> subscriptions;
            try
            {
                subscriptions = await t.PagesRaw(
                    () => SendAsync("directory/subscriptions", CompanySubscriptionCollectionResponse.CreateFromDiscriminatorValue),
                    link => SendAsync(link, CompanySubscriptionCollectionResponse.CreateFromDiscriminatorValue),
                    p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                t.Observer.Verbose("directory/subscriptions could not be read (" + f + "): Free/trial voice rule not evaluated.");
                return null;
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Subscriptions"), "directory/subscriptions", t.Endpoint);
            }

            var carrying = subscriptions.Where(s =>
                !string.Equals(s.Status, "Deleted", StringComparison.OrdinalIgnoreCase) &&
                (s.ServiceStatus ?? new List<ServicePlanInfo>()).Any(p => p.ServicePlanId != null && premiumPlans.Contains(p.ServicePlanId.Value.ToString())))
                .ToList();
            if (carrying.Any(s => s.IsTrial != true))
            {
                return EntraIdEditions.Premium;
            }

            return carrying.Count > 0 ? EntraIdEditions.Trial : null;
        }

        /// <summary>A GET the SDK has no request builder for (directory/subscriptions), or its next page.</summary>
        private Task<T?> SendAsync<T>(string pathOrLink, ParsableFactory<T> factory) where T : IParsable
        {
            var info = new RequestInformation
            {
                HttpMethod = Method.GET,
                URI = pathOrLink.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                    ? new Uri(pathOrLink)
                    : new Uri(t.Client.RequestAdapter.BaseUrl!.TrimEnd('/') + "/" + pathOrLink),
            };
            info.Headers.Add("Accept", "application/json");
            var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
            return t.Client.RequestAdapter.SendAsync(info, factory, errors, t.Ct);
        }
    }
}
