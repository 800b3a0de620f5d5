using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SsprTools.Bench
{
    /// <summary>
    /// What a typical Graph PowerShell script does, with plain HttpClient: list the role assignments (default page size,
    /// following @odata.nextLink, like <c>Get-MgRoleManagementDirectoryRoleAssignment -All</c>), then per admin, one after
    /// another, <c>GET /users/{id}?$select=…</c> and <c>GET /users/{id}/authentication/methods</c> (Get-MgUser,
    /// Get-MgUserAuthenticationMethod). Like the SDK cmdlets, a 429/503 is retried after its Retry-After.
    /// </summary>
    public sealed class NaiveClient
    {
        private const string Select = "id,userPrincipalName,displayName,accountEnabled,mobilePhone,businessPhones,otherMails";
        private readonly HttpClient http;
        private readonly string root;

        public NaiveClient(Uri endpoint, string token)
        {
            http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            root = endpoint.ToString().TrimEnd('/') + "/v1.0/";
        }

        public int Requests { get; private set; }
        public int Retries { get; private set; }
        public int RetryWaitMs { get; private set; }

        /// <summary>Lists the role assignments; returns how many pages were read.</summary>
        public async Task<int> ListAssignmentsAsync(CancellationToken ct)
        {
            var pages = 0;
            string? url = root + "roleManagement/directory/roleAssignments?$expand=principal";
            while (url != null)
            {
                using var doc = await GetAsync(url, ct).ConfigureAwait(false);
                pages++;
                url = doc.RootElement.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
            }

            return pages;
        }

        /// <summary>The two calls a script makes for one admin.</summary>
        public async Task ReadAdminAsync(string id, CancellationToken ct)
        {
            using var user = await GetAsync(root + "users/" + id + "?$select=" + Select, ct).ConfigureAwait(false);
            using var methods = await GetAsync(root + "users/" + id + "/authentication/methods", ct).ConfigureAwait(false);
        }

        private async Task<JsonDocument> GetAsync(string url, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                Requests++;
                using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
                if ((response.StatusCode == (HttpStatusCode)429 || response.StatusCode == HttpStatusCode.ServiceUnavailable) && attempt < 8)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                    Retries++;
                    RetryWaitMs += (int)wait.TotalMilliseconds;
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                    continue;
                }

                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                return await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
            }
        }

        /// <summary>Child-process entry: lists assignments, then reads the first <paramref name="sample"/> admins of the list.</summary>
        public static async Task<Dictionary<string, object>> RunAsync(Uri endpoint, string token, IReadOnlyList<string> admins, int sample)
        {
            var client = new NaiveClient(endpoint, token);
            var started = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            var pages = await client.ListAssignmentsAsync(CancellationToken.None).ConfigureAwait(false);
            var listMs = watch.Elapsed.TotalMilliseconds;
            var listRequests = client.Requests;
            var n = Math.Min(sample, admins.Count);
            for (var i = 0; i < n; i++)
            {
                await client.ReadAdminAsync(admins[i], CancellationToken.None).ConfigureAwait(false);
            }

            var totalMs = watch.Elapsed.TotalMilliseconds;
            return new Dictionary<string, object>
            {
                ["start"] = started.ToString("o", CultureInfo.InvariantCulture),
                ["end"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["listPages"] = pages,
                ["listMs"] = listMs,
                ["listRequests"] = listRequests,
                ["sampled"] = n,
                ["loopMs"] = totalMs - listMs,
                ["loopRequests"] = client.Requests - listRequests,
                ["retries"] = client.Retries,
                ["retryWaitMs"] = client.RetryWaitMs,
            };
        }
    }
}
