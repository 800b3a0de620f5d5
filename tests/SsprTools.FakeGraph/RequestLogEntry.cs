using System;

namespace SsprTools.FakeGraph
{
    /// <summary>
    /// One request seen by the fake server. PathAndQuery is percent-decoded (e.g. "/v1.0/users?$select=id,displayName").
    /// Body is kept for writes only (POST/PATCH/PUT/DELETE). AuthorizationHeaderPresent is the scheme ("Bearer") or null:
    /// the token itself is never stored.
    /// </summary>
    public sealed record RequestLogEntry(
        DateTimeOffset At,
        string Method,
        string PathAndQuery,
        int Status,
        bool IsBatch,
        int InnerRequestCount,
        string? Body,
        string? AuthorizationHeaderPresent);
}
