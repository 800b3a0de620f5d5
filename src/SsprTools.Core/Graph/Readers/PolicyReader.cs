using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using SsprTools.Core.Graph.Transport;
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
                () => t.Client.Organization.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "verifiedDomains", "onPremisesSyncEnabled" }, t.Ct))
                .ConfigureAwait(false);
            return page?.Value?.FirstOrDefault()
                ?? throw new SsprException("OrganizationNotFound", SsprErrorKind.InvalidData, Texts.Get("Graph_NoOrganization"), Texts.Get("Graph_NoOrganization_Action"));
        }

        /// <summary>The authorization policy (allowedToUseSSPR: admin SSPR on or off). Everything depends on it: a refusal stops the read.</summary>
        public Task<AuthorizationPolicy?> AuthorizationPolicyAsync() =>
            t.Call(Texts.Get("GraphWhat_Policy"), "policies/authorizationPolicy",
                () => t.Client.Policies.AuthorizationPolicy.GetAsync(null, t.Ct));
    }
}
