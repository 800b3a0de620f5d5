using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Text;

namespace SsprTools.Core.Reset
{
    /// <summary>Who is asking for a reset, as far as the connection knows.</summary>
    public sealed class CallerInfo
    {
        public static readonly CallerInfo Unknown = new CallerInfo();

        /// <summary>The signed-in user's object id (delegated sign-in); null for app-only.</summary>
        public string? UserId { get; init; }
        public string? UserPrincipalName { get; init; }
        /// <summary>Tenant-wide directory role template ids of the caller (the token's "wids" claim); null when unknown.</summary>
        public IReadOnlyCollection<string>? RoleIds { get; init; }
    }

    /// <summary>The checks made before a reset is written, and what the user should be told.</summary>
    public sealed class ResetPlan
    {
        public ResetPlan(DirectoryUser target, bool targetIsAdmin, IReadOnlyList<string> roles, IReadOnlyList<string> notes)
        {
            Target = target;
            TargetIsAdmin = targetIsAdmin;
            TargetRoles = roles;
            Notes = notes;
        }

        public DirectoryUser Target { get; }
        public bool TargetIsAdmin { get; }
        public IReadOnlyList<string> TargetRoles { get; }
        /// <summary>Things the user should know before confirming (shown as warnings).</summary>
        public IReadOnlyList<string> Notes { get; }
    }

    /// <summary>
    /// Checks and explains before an assisted reset: the user exists (else close names), it is not the caller
    /// (that is the self-service path), whether it is an admin, whether the caller's roles may reset it per
    /// the who-can-reset table, and whether the password is managed on-premises.
    /// </summary>
    public static class ResetPlanner
    {
        public static ResetPlan Plan(TenantIndex index, string target, CallerInfo caller)
        {
            var user = index.FindUser(target) ?? throw UnknownUser(index, target);
            if (caller.UserId != null && string.Equals(caller.UserId, user.Id, StringComparison.OrdinalIgnoreCase))
            {
                throw new SsprException("ResetOwnAccount", SsprErrorKind.InvalidArgument,
                    Texts.Format("Reset_OwnAccount", user.UserPrincipalName), Texts.Get("Reset_OwnAccount_Action"), user.UserPrincipalName);
            }

            var authority = new ResetAuthority(index);
            var isAdmin = index.IsAdmin(user);
            var roles = index.HoldingsOf(user).Select(h => h.Role.Name).Distinct().ToList();
            var notes = new List<string>();
            if (!isAdmin)
            {
                notes.Add(Texts.Format("Reset_NotAdmin", user.UserPrincipalName));
            }

            if (user.OnPremisesSyncEnabled == true)
            {
                notes.Add(Texts.Format("Reset_Synced", user.UserPrincipalName));
            }

            if (!user.AccountEnabled)
            {
                notes.Add(Texts.Format("Reset_Disabled", user.UserPrincipalName));
            }

            var callerUser = caller.UserId != null ? index.UserById(caller.UserId) : null;
            bool? allowed = null;
            if (callerUser != null && index.HoldingsOf(callerUser).Count > 0)
            {
                // The caller's own assignments, with administrative-unit scope and groups, are the best evidence.
                allowed = authority.WhoCanReset(user).Any(r => string.Equals(r.User.Id, callerUser.Id, StringComparison.OrdinalIgnoreCase));
            }
            else if (caller.RoleIds != null)
            {
                allowed = index.RestrictedUnitsOf(user).Count == 0 && authority.MayReset(caller.RoleIds, user);
            }

            if (allowed == false)
            {
                var names = authority.AllowedResetterKeys(user).Select(index.Catalog.ResetterDisplayName).ToList();
                var restricted = index.RestrictedUnitsOf(user);
                var message = restricted.Count > 0
                    ? Texts.Format("Reset_DeniedRestrictedUnit", user.UserPrincipalName, string.Join(", ", restricted.Select(u => u.DisplayName ?? u.Id)))
                    : Texts.Format("Reset_Denied", user.UserPrincipalName, string.Join(", ", roles.DefaultIfEmpty(Texts.Get("NoAdminRoles"))), string.Join(", ", names));
                throw new SsprException("ResetNotPermitted", SsprErrorKind.PermissionDenied, message,
                    Texts.Format("Reset_Denied_Action", string.Join(Texts.Get("Reset_RoleListOr"), names)), user.UserPrincipalName);
            }

            return new ResetPlan(user, isAdmin, roles, notes);
        }

        public static SsprException UnknownUser(TenantIndex index, string name)
        {
            var message = Texts.Format("UnknownUser", name, index.Data.Tenant.DisplayName);
            var closest = Suggestions.Closest(name, index.Data.Users.Select(u => u.UserPrincipalName));
            if (closest.Count > 0)
            {
                message += Texts.Format("UnknownUser_Suggest", string.Join(", ", closest));
            }

            return new SsprException("UserNotFound", SsprErrorKind.ObjectNotFound, message, Texts.Get("UnknownUser_Action"), name);
        }
    }
}
