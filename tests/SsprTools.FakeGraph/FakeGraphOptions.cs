using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>
    /// Behaviour switches of the fake Graph server. The instance is live: tests may change any property
    /// between (or during) calls; every request reads the current values.
    /// </summary>
    public sealed class FakeGraphOptions
    {
        /// <summary>When set, any other or missing bearer token is answered 401 InvalidAuthenticationToken.</summary>
        public string? ExpectedBearerToken { get; set; }

        /// <summary>
        /// When set, an endpoint whose permission (or an accepted higher one) is missing answers
        /// 403 Authorization_RequestDenied, with a message naming the permissions it accepts. Case-insensitive.
        /// </summary>
        public ISet<string>? GrantedScopes { get; set; }

        /// <summary>Server-side page size of every collection; a smaller $top wins.</summary>
        public int PageSize { get; set; } = 100;

        /// <summary>When set, a $top above <see cref="PageSize"/> raises the page size up to this value, as Graph does
        /// (100 by default, $top up to 999 on directory collections). Null: PageSize is a hard cap (a smaller $top wins).</summary>
        public int? MaxPageSize { get; set; }

        /// <summary>Fraction (0..1) of requests answered 429 TooManyRequests + Retry-After. Applies to every
        /// top-level request except the $batch envelope, and to every inner batch request individually.</summary>
        public double ThrottleRate { get; set; }

        /// <summary>When set, Graph's identity-reports limit: reports/* and auditLogs/* (top level or inside $batch) accept at
        /// most this many requests in any 10 s and answer 429 + Retry-After beyond it (Graph: 5 per 10 s per app per tenant).</summary>
        public int? ReportRequestsPer10Seconds { get; set; }

        /// <summary>Retry-After value (seconds) of injected 429 and 503 answers.</summary>
        public int RetryAfterSeconds { get; set; } = 1;

        /// <summary>Fraction (0..1) of requests answered 503 ServiceUnavailable (same scope as <see cref="ThrottleRate"/>).</summary>
        public double ServerErrorRate { get; set; }

        /// <summary>Delay added to every top-level HTTP request (a $batch counts once).</summary>
        public TimeSpan Latency { get; set; }

        /// <summary>Makes fault injection deterministic: the n-th occurrence of the same method+URL always gets
        /// the same verdict for a given seed, whatever the interleaving of concurrent requests.</summary>
        public int? RandomSeed { get; set; }

        /// <summary>false → 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant on reports/authenticationMethods/*.</summary>
        public bool RegistrationReportLicensed { get; set; } = true;

        /// <summary>false → 400 AadPremiumLicenseRequired on roleEligibilitySchedules / roleEligibilityScheduleInstances.</summary>
        public bool PimLicensed { get; set; } = true;

        /// <summary>false → 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant on auditLogs/*.</summary>
        public bool AuditLicensed { get; set; } = true;

        /// <summary>true → phoneNumber of phone methods masked like "+1 XXXXXXXX23" (what an Authentication Administrator sees).</summary>
        public bool MaskPhoneNumbers { get; set; }

        /// <summary>true → every collection answer carries an @odata.nextLink equal to its own URL (a client must detect the loop).</summary>
        public bool LoopNextLink { get; set; }

        /// <summary>true → every JSON body is cut in the middle (sent chunked, without Content-Length).</summary>
        public bool TruncateResponses { get; set; }

        /// <summary>When set, every top-level answer is sent only after this delay (timeout tests). The request
        /// is logged before the delay starts.</summary>
        public TimeSpan? HangFor { get; set; }

        /// <summary>When set, every top-level answer sends its status, headers and the first half of its body, then waits
        /// this long before the rest (a stall in the middle of the body, for timeout tests).</summary>
        public TimeSpan? StallBodyFor { get; set; }

        /// <summary>
        /// Default options whose switches follow the snapshot's "collection" block, so the server reproduces what was
        /// recorded: registrationReport / roleEligibilities / auditLogs = "notLicensed" → the matching *Licensed = false;
        /// authenticationMethods = "masked" → <see cref="MaskPhoneNumbers"/>. ("forbidden"/"notRead" states are not emulated.)
        /// </summary>
        public static FakeGraphOptions ForFixture(JsonObject fixture)
        {
            ArgumentNullException.ThrowIfNull(fixture);
            var options = new FakeGraphOptions();
            if (fixture["collection"] is JsonObject collection)
            {
                static string? State(JsonObject c, string name) =>
                    c[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

                options.RegistrationReportLicensed = State(collection, "registrationReport") != "notLicensed";
                options.PimLicensed = State(collection, "roleEligibilities") != "notLicensed";
                options.AuditLicensed = State(collection, "auditLogs") != "notLicensed";
                options.MaskPhoneNumbers = State(collection, "authenticationMethods") == "masked";
            }

            return options;
        }

        /// <summary><see cref="ForFixture(JsonObject)"/> for a snapshot file.</summary>
        public static FakeGraphOptions ForFixture(string fixturePath) =>
            ForFixture(JsonNode.Parse(File.ReadAllText(fixturePath), documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            }) as JsonObject ?? throw new InvalidDataException($"'{fixturePath}' is not a JSON object."));
    }
}
