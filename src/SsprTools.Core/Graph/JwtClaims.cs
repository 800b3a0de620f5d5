using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// The claims SsprTools shows about a token (tid, upn, scp, roles, exp), read from the JWT payload WITHOUT validating
    /// it: the token is only ever sent to Graph, which validates it. An opaque (non-JWT) token gives empty claims.
    /// </summary>
    public sealed class JwtClaims
    {
        public static readonly JwtClaims Empty = new JwtClaims(null, null, null, Array.Empty<string>(), null, false);

        /// <summary>The object id of the signed-in user (delegated) or of the application's service principal (app-only): "oid".</summary>
        public string? ObjectId { get; private set; }
        /// <summary>Tenant-wide directory role template ids of the caller ("wids"); null when the token does not carry the claim.</summary>
        public IReadOnlyList<string>? RoleTemplateIds { get; private set; }
        /// <summary>An application token (idtyp "app", or roles without scp): no signed-in user.</summary>
        public bool IsAppOnly { get; private set; }

        private JwtClaims(string? tenantId, string? account, string? appId, IReadOnlyList<string> scopes, DateTimeOffset? expiresOn, bool isJwt)
        {
            TenantId = tenantId;
            Account = account;
            AppId = appId;
            Scopes = scopes;
            ExpiresOn = expiresOn;
            IsJwt = isJwt;
        }

        public string? TenantId { get; }
        /// <summary>upn, preferred_username, unique_name or email; for an app-only token the app's name or id.</summary>
        public string? Account { get; }
        public string? AppId { get; }
        /// <summary>scp (delegated, space separated) and roles (application permissions).</summary>
        public IReadOnlyList<string> Scopes { get; }
        public DateTimeOffset? ExpiresOn { get; }
        public bool IsJwt { get; }

        public static JwtClaims Read(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return Empty;
            }

            var parts = token!.Split('.');
            if (parts.Length < 2)
            {
                return Empty;
            }

            try
            {
                var json = Encoding.UTF8.GetString(Base64UrlDecode(parts[1]));
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Empty;
                }

                string? Str(string name) =>
                    root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

                var scopes = new List<string>();
                var scp = Str("scp");
                if (!string.IsNullOrWhiteSpace(scp))
                {
                    scopes.AddRange(scp!.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                }

                if (root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                {
                    scopes.AddRange(roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
                }

                DateTimeOffset? exp = null;
                if (root.TryGetProperty("exp", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds))
                {
                    exp = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }

                var appId = Str("appid") ?? Str("azp");
                var account = Str("upn") ?? Str("preferred_username") ?? Str("unique_name") ?? Str("email") ?? Str("app_displayname") ?? appId;
                List<string>? wids = null;
                if (root.TryGetProperty("wids", out var w) && w.ValueKind == JsonValueKind.Array)
                {
                    wids = w.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList();
                }

                var idtyp = Str("idtyp");
                var appOnly = string.Equals(idtyp, "app", StringComparison.OrdinalIgnoreCase) ||
                              (idtyp == null && string.IsNullOrWhiteSpace(scp) && root.TryGetProperty("roles", out _));
                return new JwtClaims(Str("tid"), account, appId, scopes.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), exp, true)
                {
                    ObjectId = Str("oid"),
                    RoleTemplateIds = wids,
                    IsAppOnly = appOnly,
                };
            }
            catch (Exception e) when (e is FormatException || e is JsonException || e is ArgumentException || e is DecoderFallbackException)
            {
                return Empty;
            }
        }

        private static byte[] Base64UrlDecode(string s)
        {
            var b64 = s.Replace('-', '+').Replace('_', '/');
            switch (b64.Length % 4)
            {
                case 2: b64 += "=="; break;
                case 3: b64 += "="; break;
            }

            return Convert.FromBase64String(b64);
        }
    }
}
