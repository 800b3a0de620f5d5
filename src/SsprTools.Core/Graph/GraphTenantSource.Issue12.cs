using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    // The reads the 2027 rules need (issue 12), each small and self-contained: the authentication methods policy, the
    // owners of role-assignable groups, the Microsoft Entra ID edition (Free/trial voice rule). None is per user: the
    // certificate bindings of SSPR019 ride in the users' existing $select (authorizationInfo).
    public sealed partial class GraphTenantSource
    {
        private sealed partial class Read
        {
            /// <summary>
            /// GET /policies/authenticationMethodsPolicy (Policy.Read.All), shown as context: the admin SSPR policy does not
            /// depend on it (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy). Refused → not evaluated
            /// with one warning naming the permission, never an error.
            /// </summary>
            private async Task<(AuthenticationMethodsPolicyInfo? Policy, string State)> ReadMethodsPolicyAsync()
            {
                const string path = "policies/authenticationMethodsPolicy";
                try
                {
                    var policy = await client.Policies.AuthenticationMethodsPolicy.GetAsync(null, ct).ConfigureAwait(false);
                    return policy == null ? (null, CollectionStates.NotRead) : (ToPolicy(policy), CollectionStates.Available);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsOptionalReadFailure(f))
                {
                    observer.Warning(Texts.Format("Graph_MethodsPolicyNotRead", f.Status + (f.Status == 403 ? ", Policy.Read.All" : "")));
                    return (null, f.Status == 403 ? CollectionStates.Forbidden : CollectionStates.NotRead);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_MethodsPolicy"), path, Endpoint);
                }
            }

            private static AuthenticationMethodsPolicyInfo ToPolicy(AuthenticationMethodsPolicy p) => new AuthenticationMethodsPolicyInfo
            {
                PolicyMigrationState = Camel(p.PolicyMigrationState?.ToString()),
                AuthenticationMethodConfigurations = (p.AuthenticationMethodConfigurations ?? new List<AuthenticationMethodConfiguration>())
                    .Where(c => c?.Id != null)
                    .Select(c => new AuthenticationMethodConfigurationInfo { ODataType = c.OdataType, Id = c.Id!, State = Camel(c.State?.ToString()) })
                    .ToList(),
            };

            /// <summary>
            /// Owner ids of the role-assignable groups: GET /groups/{id}/owners?$select=id, first pages through $batch (20 groups
            /// a round trip). Members and owners of a role-assignable group can be reset only by a Privileged Authentication
            /// Administrator or Global Administrator (learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
            /// A refused read leaves that group's owners null (not evaluated) with one warning for the scan.
            /// </summary>
            private async Task<Dictionary<string, string[]?>> ReadGroupOwnersAsync(IReadOnlyList<string> groupIds)
            {
                var result = new Dictionary<string, string[]?>(StringComparer.OrdinalIgnoreCase);
                if (groupIds.Count == 0)
                {
                    return result;
                }

                var answers = await MemberPagesAsync(groupIds.ToList(), id => client.Groups[id].Owners.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Select = new[] { "id" };
                    r.QueryParameters.Top = topRefused ? null : PageTop;
                }), "groups/{id}/owners").ConfigureAwait(false);
                GraphFailure? refused = null;
                foreach (var id in groupIds)
                {
                    var (owners, failure) = answers[id];
                    if (failure != null)
                    {
                        if (!IsOptionalReadFailure(failure))
                        {
                            throw GraphErrors.FromFailure(failure, Texts.Format("GraphWhat_GroupOwners", id), "groups/" + id + "/owners");
                        }

                        refused ??= failure;
                        result[id] = null;
                        continue;
                    }

                    result[id] = owners!.ToArray();
                }

                if (refused != null)
                {
                    observer.Warning(Texts.Format("Graph_GroupOwnersNotRead", refused.Status + (refused.Status == 403 ? ", GroupMember.Read.All" : "")));
                }

                return result;
            }

            /// <summary>
            /// The Microsoft Entra ID edition for the admin policy's voice rule ("Office and mobile voice calls are also
            /// prohibited for trial or free versions", learn.microsoft.com/entra/identity/authentication/concept-sspr-policy):
            /// "free" when organization.assignedPlans holds no enabled AADPremiumService plan; else GET /directory/subscriptions
            /// tells whether a paid (not trial) subscription carries one of those plans ("premium") or only trials do ("trial").
            /// When the subscriptions cannot be read, premium and trial cannot be told apart: null (not evaluated).
            /// </summary>
            private async Task<string?> ReadEditionAsync(IReadOnlyList<AssignedPlan>? assignedPlans)
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
                    subscriptions = await PagesRaw(
                        () => SendAsync("directory/subscriptions", CompanySubscriptionCollectionResponse.CreateFromDiscriminatorValue),
                        link => SendAsync(link, CompanySubscriptionCollectionResponse.CreateFromDiscriminatorValue),
                        p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsOptionalReadFailure(f))
                {
                    observer.Verbose("directory/subscriptions could not be read (" + f + "): Free/trial voice rule not evaluated.");
                    return null;
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Subscriptions"), "directory/subscriptions", Endpoint);
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
                        : new Uri(client.RequestAdapter.BaseUrl!.TrimEnd('/') + "/" + pathOrLink),
                };
                info.Headers.Add("Accept", "application/json");
                var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
                return client.RequestAdapter.SendAsync(info, factory, errors, ct);
            }
        }
    }
}
