using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>One password written through the fake (PATCH passwordProfile or resetPassword).</summary>
    /// <param name="Via">"passwordProfile" (PATCH /users/{id}) or "resetPassword" (authentication method action).</param>
    /// <param name="SystemGenerated">true when resetPassword was called without newPassword and the fake generated one.</param>
    public sealed record PasswordSetRecord(
        string UserId,
        string UserPrincipalName,
        string Password,
        bool ForceChangePasswordNextSignIn,
        bool ForceChangePasswordNextSignInWithMfa,
        DateTimeOffset At,
        string Via,
        bool SystemGenerated);

    /// <summary>A resetPassword long-running operation. Status is "running" until polled once, then "succeeded".</summary>
    public sealed record PasswordResetOperation(string Id, string UserId, DateTimeOffset CreatedAt, string Status, int Polls);

    /// <summary>What the fake tenant looks like after writes. Thread-safe snapshot accessors.</summary>
    public sealed class FakeTenantState
    {
        private readonly object _sync;
        private readonly TenantStore _store;
        private readonly List<PasswordSetRecord> _passwords = new List<PasswordSetRecord>();
        private readonly Dictionary<string, PasswordResetOperation> _operations = new Dictionary<string, PasswordResetOperation>(StringComparer.OrdinalIgnoreCase);

        internal FakeTenantState(object sync, TenantStore store)
        {
            _sync = sync;
            _store = store;
        }

        /// <summary>authorizationPolicy.allowedToUseSSPR as the fake currently serves it (PATCH changes it).</summary>
        public bool AllowedToUseSspr
        {
            get
            {
                lock (_sync)
                {
                    return _store.AllowedToUseSspr;
                }
            }
        }

        /// <summary>Every password set, oldest first.</summary>
        public IReadOnlyList<PasswordSetRecord> PasswordHistory
        {
            get
            {
                lock (_sync)
                {
                    return _passwords.ToArray();
                }
            }
        }

        /// <summary>Last password set per user id.</summary>
        public IReadOnlyDictionary<string, PasswordSetRecord> LastPasswords
        {
            get
            {
                lock (_sync)
                {
                    var d = new Dictionary<string, PasswordSetRecord>(StringComparer.OrdinalIgnoreCase);
                    foreach (PasswordSetRecord r in _passwords)
                    {
                        d[r.UserId] = r;
                    }

                    return d;
                }
            }
        }

        /// <summary>resetPassword operations started, by id.</summary>
        public IReadOnlyList<PasswordResetOperation> ResetOperations
        {
            get
            {
                lock (_sync)
                {
                    return _operations.Values.OrderBy(o => o.CreatedAt).ToArray();
                }
            }
        }

        /// <summary>The last password set for a user (id or UPN, case-insensitive), or null.</summary>
        public PasswordSetRecord? GetLastPassword(string userIdOrUpn)
        {
            lock (_sync)
            {
                return _passwords.LastOrDefault(r =>
                    string.Equals(r.UserId, userIdOrUpn, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(r.UserPrincipalName, userIdOrUpn, StringComparison.OrdinalIgnoreCase));
            }
        }

        /// <summary>The user as the fake currently serves it with every property (a copy), or null.</summary>
        public JsonObject? GetUser(string userIdOrUpn)
        {
            lock (_sync)
            {
                JsonObject? u = _store.FindUser(userIdOrUpn);
                return u is null ? null : TenantStore.BuildUser(u);
            }
        }

        // ---- engine side (caller holds the lock)

        internal void RecordPassword(PasswordSetRecord record) => _passwords.Add(record);

        internal void AddOperation(PasswordResetOperation op) => _operations[op.Id] = op;

        internal PasswordResetOperation? PollOperation(string id)
        {
            if (!_operations.TryGetValue(id, out PasswordResetOperation? op))
            {
                return null;
            }

            // The first poll sees "running", later ones "succeeded".
            PasswordResetOperation current = op with { Status = op.Polls == 0 ? "running" : "succeeded", Polls = op.Polls + 1 };
            _operations[id] = current;
            return current;
        }
    }
}
