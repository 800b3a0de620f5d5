using System;
using System.Security;

namespace SsprTools
{
    /// <summary>The outcome of an admin-assisted reset. The temporary password is only ever a SecureString.</summary>
    public sealed class PasswordResetResult
    {
        public string UserPrincipalName { get; init; } = "";
        /// <summary>The password set; hand it over out of band, e.g. with [pscredential]::new('x', $r.TemporaryPassword).GetNetworkCredential().Password.</summary>
        public SecureString? TemporaryPassword { get; init; }
        public bool ForceChangePasswordNextSignIn { get; init; }
        public DateTimeOffset ResetAt { get; init; }
        /// <summary>"passwordProfile" (PATCH /users/{id}) or "resetPassword" (authentication method API).</summary>
        public string Method { get; init; } = "";
        public string? UserId { get; init; }

        public override string ToString() => UserPrincipalName;
    }
}
