using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>Who holds which role: role definitions, active assignments, PIM eligibilities, role-assignable groups.</summary>
    internal sealed class RoleReader
    {
        private readonly GraphTransport t;
        private readonly ReadNotes notes;

        public RoleReader(GraphTransport transport, ReadNotes notes)
        {
            t = transport;
            this.notes = notes;
        }

        public Task<List<UnifiedRoleDefinition>> DefinitionsAsync() =>
            t.Pages(Texts.Get("GraphWhat_Definitions"), "roleManagement/directory/roleDefinitions",
                () => t.Client.RoleManagement.Directory.RoleDefinitions.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "isBuiltIn" }, t.Ct),
                link => t.Client.RoleManagement.Directory.RoleDefinitions.WithUrl(link).GetAsync(null, t.Ct),
                p => p.Value, p => p.OdataNextLink);

        /// <summary>Active role assignments with their principals ($expand=principal: users with their account state, groups, service principals).</summary>
        public Task<List<UnifiedRoleAssignment>> AssignmentsAsync() =>
            t.Pages(Texts.Get("GraphWhat_Assignments"), "roleManagement/directory/roleAssignments",
                () => t.FirstPage(top => t.Client.RoleManagement.Directory.RoleAssignments.GetAsync(r =>
                {
                    r.QueryParameters.Expand = new[] { "principal" };
                    r.QueryParameters.Top = top;
                }, t.Ct)),
                link => t.Client.RoleManagement.Directory.RoleAssignments.WithUrl(link).GetAsync(null, t.Ct),
                p => p.Value, p => p.OdataNextLink);

        /// <summary>PIM eligibility schedules; NotLicensed without Entra ID P2 / Governance.</summary>
        public async Task<(List<UnifiedRoleEligibilitySchedule> Items, string State)> EligibilitiesAsync()
        {
            const string path = "roleManagement/directory/roleEligibilitySchedules";
            Task<List<UnifiedRoleEligibilitySchedule>> Read(bool expand) => t.PagesRaw(
                () => t.FirstPage(top => t.Client.RoleManagement.Directory.RoleEligibilitySchedules.GetAsync(r =>
                {
                    if (expand)
                    {
                        r.QueryParameters.Expand = new[] { "principal" };
                    }

                    r.QueryParameters.Top = top;
                }, t.Ct)),
                link => t.Client.RoleManagement.Directory.RoleEligibilitySchedules.WithUrl(link).GetAsync(null, t.Ct),
                p => p.Value, p => p.OdataNextLink);

            try
            {
                try
                {
                    return (await Read(expand: true).ConfigureAwait(false), CollectionStates.Available);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400 && !IsPimLicenceError(f))
                {
                    // $expand=principal refused: the principals' types then come from the group listing.
                    t.Observer.Verbose("Eligibility schedules without $expand=principal (" + f + ").");
                    return (await Read(expand: false).ConfigureAwait(false), CollectionStates.Available);
                }
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsPimLicenceError(f))
            {
                t.Observer.Verbose("PIM eligibility is not available: the tenant has no Entra ID P2 / Governance licence (" + f + ").");
                return (new List<UnifiedRoleEligibilitySchedule>(), CollectionStates.NotLicensed);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphErrors.IsPermissionError(f))
            {
                // PIM-eligible admins and resetters are not known: the checks that need them are not evaluated.
                notes.Denied(Texts.Get("GraphWhat_Eligibility"), path, resetPath: true);
                return (new List<UnifiedRoleEligibilitySchedule>(), CollectionStates.Forbidden);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Eligibility"), path, t.Endpoint);
            }
        }

        private static bool IsPimLicenceError(GraphFailure f) =>
            string.Equals(f.Code, GraphErrors.PimLicenseCode, StringComparison.OrdinalIgnoreCase) ||
            f.Status == 400 && (f.Message ?? "").IndexOf("licen", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Role-assignable groups (for members of such groups that hold no role themselves); a refusal is noted, not fatal.</summary>
        public async Task<List<Group>> RoleAssignableGroupsAsync()
        {
            try
            {
                return await t.PagesRaw(
                    () => t.FirstPage(top => t.Client.Groups.GetAsync(r =>
                    {
                        r.QueryParameters.Filter = "isAssignableToRole eq true";
                        r.QueryParameters.Select = new[] { "id", "displayName", "isAssignableToRole" };
                        r.QueryParameters.Top = top;
                    }, t.Ct)),
                    link => t.Client.Groups.WithUrl(link).GetAsync(null, t.Ct),
                    p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphErrors.IsPermissionError(f))
            {
                notes.Denied(Texts.Get("GraphWhat_GroupMembersAll"), "groups", resetPath: true);
                return new List<Group>();
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                notes.Warn(Texts.Format("Graph_GroupsNotListed", f.Status + (f.Status == 403 ? ", GroupMember.Read.All" : "")));
                return new List<Group>();
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Groups"), "groups", t.Endpoint);
            }
        }
    }
}
