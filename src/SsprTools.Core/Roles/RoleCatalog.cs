using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SsprTools.Core.Roles
{
    /// <summary>A directory role as the rules see it.</summary>
    public sealed class RoleInfo
    {
        public RoleInfo(string id, string name, bool adminPolicy, string resetRow)
        {
            Id = id;
            Name = name;
            AdminPolicy = adminPolicy;
            ResetRow = resetRow;
        }

        /// <summary>Role template id (equals roleDefinitionId for built-in roles).</summary>
        public string Id { get; }
        public string Name { get; }
        /// <summary>On the two-gate administrator reset policy list.</summary>
        public bool AdminPolicy { get; }
        /// <summary>The who-can-reset row for a holder of this role.</summary>
        public string ResetRow { get; }
    }

    /// <summary>A row of Microsoft's SMS/voice opt-in table: a country calling code, or a NANP area ("1787").</summary>
    public sealed class SmsOptInRegion
    {
        public SmsOptInRegion(string code, string name)
        {
            Code = code;
            Name = name;
        }

        /// <summary>The code as the table lists it: "31", "47", or for a NANP area "1787".</summary>
        public string Code { get; }
        /// <summary>The region name as the table lists it.</summary>
        public string Name { get; }
    }

    /// <summary>
    /// The domain tables (roles, two-gate list, who-can-reset, SMS opt-in countries), read from the one data
    /// file Data/domain-data.json so the rules hold no role literals of their own.
    /// </summary>
    public sealed class RoleCatalog
    {
        public const string RowNoRole = "NoRole";
        public const string RowRoleAssignableGroupMember = "RoleAssignableGroupMember";
        public const string RowRestrictedManagementUnitMember = "RestrictedManagementUnitMember";
        public const string RowAllOtherRoles = "AllOtherRoles";
        public const string GlobalAdministrator = "GlobalAdministrator";
        public const string PrivilegedAuthenticationAdministrator = "PrivilegedAuthenticationAdministrator";

        private static readonly Lazy<RoleCatalog> DefaultCatalog = new Lazy<RoleCatalog>(LoadEmbedded);

        private readonly Dictionary<string, RoleInfo> rolesById;
        private readonly Dictionary<string, string> resetterKeyByRoleId;
        private readonly Dictionary<string, HashSet<string>> resettersByRow;
        private readonly Dictionary<string, SmsOptInRegion> smsOptIn;

        private RoleCatalog(Dictionary<string, RoleInfo> roles, Dictionary<string, string> resetterIdsByKey,
            Dictionary<string, HashSet<string>> resettersByRow, Dictionary<string, SmsOptInRegion> smsOptIn, bool unknownRolesAreAdmin,
            DateTime microsoftSmsVoiceDeliveryEnds)
        {
            rolesById = roles;
            resetterKeyByRoleId = resetterIdsByKey.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
            ResetterRoleIdsByKey = resetterIdsByKey;
            this.resettersByRow = resettersByRow;
            this.smsOptIn = smsOptIn;
            UnknownRolesAreAdmin = unknownRolesAreAdmin;
            MicrosoftSmsVoiceDeliveryEnds = microsoftSmsVoiceDeliveryEnds;
        }

        public static RoleCatalog Default => DefaultCatalog.Value;

        /// <summary>Resetter key (e.g. "HelpdeskAdministrator") → role template id.</summary>
        public IReadOnlyDictionary<string, string> ResetterRoleIdsByKey { get; }
        public bool UnknownRolesAreAdmin { get; }
        public string GlobalAdministratorRoleId => ResetterRoleIdsByKey[GlobalAdministrator];
        public IEnumerable<RoleInfo> Roles => rolesById.Values;

        /// <summary>The role for an id; unknown (custom or new) roles get a synthetic entry named by <paramref name="displayName"/>.</summary>
        public RoleInfo Describe(string roleDefinitionId, string? displayName = null)
        {
            if (rolesById.TryGetValue(roleDefinitionId, out var role))
            {
                return role;
            }

            return new RoleInfo(roleDefinitionId, displayName ?? ("Role " + roleDefinitionId), UnknownRolesAreAdmin, RowAllOtherRoles);
        }

        public bool IsKnown(string roleDefinitionId) => rolesById.ContainsKey(roleDefinitionId);

        /// <summary>The resetter key for a role id ("HelpdeskAdministrator"), or null when the role resets no one.</summary>
        public string? ResetterKey(string roleDefinitionId) =>
            resetterKeyByRoleId.TryGetValue(roleDefinitionId, out var key) ? key : null;

        /// <summary>Whether a holder of resetter role <paramref name="resetterKey"/> may reset a target in <paramref name="row"/>.</summary>
        public bool MayReset(string resetterKey, string row)
        {
            if (!resettersByRow.TryGetValue(row, out var resetters))
            {
                resetters = resettersByRow[RowAllOtherRoles];
            }

            return resetters.Contains(resetterKey);
        }

        /// <summary>Resetter keys allowed for a row, in table order.</summary>
        public IReadOnlyCollection<string> ResettersFor(string row) =>
            resettersByRow.TryGetValue(row, out var r) ? r : resettersByRow[RowAllOtherRoles];

        /// <summary>
        /// The first day Microsoft no longer delivers SMS and voice codes itself
        /// (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement): 2027-02-01.
        /// </summary>
        public DateTime MicrosoftSmsVoiceDeliveryEnds { get; }

        /// <summary>Every row of the SMS/voice opt-in table, one per code.</summary>
        public IReadOnlyCollection<SmsOptInRegion> SmsOptInRegions => smsOptIn.Values;

        /// <summary>
        /// The opt-in table's row for a number, or null when it needs no opt-in
        /// (learn.microsoft.com/entra/identity/authentication/concept-mfa-regional-opt-in). NANP numbers (+1) are matched
        /// on "1" + their area code (the first three digits of the national number); every other number on its country code.
        /// </summary>
        public SmsOptInRegion? SmsOptInRegionFor(int countryCode, string? nationalNumber)
        {
            if (countryCode == 1)
            {
                return nationalNumber != null && nationalNumber.Length >= 3 &&
                    smsOptIn.TryGetValue("1" + nationalNumber.Substring(0, 3), out var area) ? area : null;
            }

            return smsOptIn.TryGetValue(countryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var region) ? region : null;
        }

        /// <summary>Whether a country calling code (not +1: NANP areas need the national number) is in the opt-in table.</summary>
        public bool NeedsSmsOptIn(int countryCode) => countryCode != 1 && SmsOptInRegionFor(countryCode, null) != null;

        public string ResetterDisplayName(string resetterKey) =>
            rolesById.TryGetValue(ResetterRoleIdsByKey[resetterKey], out var role) ? role.Name : resetterKey;

        internal static RoleCatalog Load(Stream json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;

            var resetterIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("resetters").EnumerateObject())
            {
                resetterIds[p.Name] = p.Value.GetString()!;
            }

            var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var row in root.GetProperty("resetTable").EnumerateObject())
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var key in row.Value.EnumerateArray())
                {
                    var k = key.GetString()!;
                    if (!resetterIds.ContainsKey(k))
                    {
                        throw new InvalidDataException($"domain-data.json: reset table row '{row.Name}' names unknown resetter '{k}'.");
                    }

                    set.Add(k);
                }

                table[row.Name] = set;
            }

            var roles = new Dictionary<string, RoleInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in root.GetProperty("roles").EnumerateArray())
            {
                var id = r.GetProperty("id").GetString()!;
                var row = r.TryGetProperty("resetRow", out var rr) ? rr.GetString()! : RowAllOtherRoles;
                if (!table.ContainsKey(row))
                {
                    throw new InvalidDataException($"domain-data.json: role '{id}' names unknown reset row '{row}'.");
                }

                roles[id] = new RoleInfo(id, r.GetProperty("name").GetString()!, r.GetProperty("adminPolicy").GetBoolean(), row);
            }

            var optIn = new Dictionary<string, SmsOptInRegion>(StringComparer.Ordinal);
            foreach (var r in root.GetProperty("smsOptIn").GetProperty("regions").EnumerateArray())
            {
                var code = r.GetProperty("code").GetString() ?? "";
                if (code.Length == 0 || !code.All(c => c >= '0' && c <= '9') || (code.Length == 4) != code.StartsWith("1", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"domain-data.json: SMS opt-in code '{code}' is neither a country code nor a four-digit NANP area.");
                }

                // The page lists a few codes twice under two names (242 Congo, 691 Micronesia): the first row names the code.
                if (!optIn.ContainsKey(code))
                {
                    optIn[code] = new SmsOptInRegion(code, r.GetProperty("region").GetString() ?? code);
                }
            }

            var ends = DateTime.ParseExact(root.GetProperty("smsVoiceDelivery").GetProperty("microsoftDeliveryEnds").GetString()!,
                "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None);
            var unknownAdmin = root.TryGetProperty("unknownRolesAreAdmin", out var u) && u.GetBoolean();
            return new RoleCatalog(roles, resetterIds, table, optIn, unknownAdmin, ends);
        }

        private static RoleCatalog LoadEmbedded()
        {
            using var stream = typeof(RoleCatalog).Assembly.GetManifestResourceStream("SsprTools.Core.Data.domain-data.json")
                ?? throw new InvalidOperationException("The embedded domain-data.json is missing from SsprTools.Core.");
            return Load(stream);
        }
    }
}
