using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using SsprTools.Core.Text;

namespace SsprTools.Core.Reporting
{
    /// <summary>
    /// Renders readiness results as one self-contained HTML page for the people who read a scheduled scan: the
    /// verdict, the tenant status, two inline SVG charts and a per-account table that a small inline script makes
    /// sortable and filterable. Nothing is loaded from anywhere (a Content-Security-Policy meta tag says so), every
    /// piece of data goes through <see cref="Html.Encode"/>, the script reads the DOM (no data is embedded in
    /// script), and the page reads completely without JavaScript and on paper.
    /// </summary>
    public static class HtmlReport
    {
        /// <summary>Renders the report. <paramref name="status"/> is null when only the results are known (pipeline input).</summary>
        public static string Render(TenantStatus? status, IReadOnlyList<AdminReadiness> results, DateTimeOffset generatedAt) =>
            Render(status, results, generatedAt, null);

        /// <summary>Renders the report with a section on what changed since the previous scan (Compare-SsprReadiness);
        /// <paramref name="changes"/> null: no such section, empty: the section says nothing changed.</summary>
        public static string Render(TenantStatus? status, IReadOnlyList<AdminReadiness> results, DateTimeOffset generatedAt, IReadOnlyList<ReadinessChange>? changes)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            var summary = ReportSummary.From(results);
            var tenantName = status?.TenantName;
            var tenantId = status?.TenantId;
            if (string.IsNullOrEmpty(tenantId))
            {
                var ids = results.Select(r => r.TenantId).Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                tenantId = ids.Count == 1 ? ids[0] : null;
            }

            var tenantLabel = !string.IsNullOrEmpty(tenantName) ? tenantName! : !string.IsNullOrEmpty(tenantId) ? tenantId! : Texts.Get("Report_UnknownTenant");

            var sb = new StringBuilder(64 * 1024);
            sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.Encode(Texts.Get("Report_Lang"))).Append("\">\n<head>\n<meta charset=\"utf-8\">\n");
            sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(Html.Encode(ContentSecurityPolicy)).Append("\">\n");
            sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            sb.Append("<meta name=\"generator\" content=\"SsprTools ").Append(Html.Encode(Version)).Append("\">\n");
            sb.Append("<title>").Append(Html.Encode(Texts.Format("Report_PageTitle", tenantLabel))).Append(" (").Append(Html.Encode(FormatTime(generatedAt))).Append(")</title>\n");
            sb.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

            Header(sb, status, tenantLabel, tenantId, generatedAt);
            Verdict(sb, summary);
            if (changes != null)
            {
                ChangesSection(sb, changes);
            }

            TenantSection(sb, status, summary);
            Charts(sb, summary);
            AccountTable(sb, results);

            sb.Append("<footer><p>").Append(Html.Encode(Texts.Format("Report_Footer", Version))).Append("</p></footer>\n");
            sb.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
            return sb.ToString();
        }

        // Reporting/report.js: plain DOM script that sorts and filters the table (its own comment says more). The
        // Content-Security-Policy allows exactly this script, by its hash.
        private static readonly string Script = ReportAsset("report.js");

        // Reporting/report.css. Both are read before the policy below, which hashes the script.
        private static readonly string Css = ReportAsset("report.css");

        /// <summary>The page's policy: nothing from the network, only the page's own style and its one script (by hash).</summary>
        public static string ContentSecurityPolicy { get; } =
            "default-src 'none'; style-src 'unsafe-inline'; script-src '" + ScriptHash() + "'; img-src data:; base-uri 'none'; form-action 'none'";

        private static string Version
        {
            get
            {
                var v = typeof(HtmlReport).Assembly.GetName().Version;
                return v == null ? "" : v.ToString(3);
            }
        }

        private static string FormatTime(DateTimeOffset t) =>
            t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        private static string IsoDate(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string IsoTime(DateTimeOffset t) =>
            t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static void Header(StringBuilder sb, TenantStatus? status, string tenantLabel, string? tenantId, DateTimeOffset generatedAt)
        {
            sb.Append("<header>\n<h1>").Append(Html.Encode(Texts.Get("Report_Heading"))).Append("</h1>\n");
            sb.Append("<p class=\"tenant\"><span class=\"tenant-name\">").Append(Html.Encode(tenantLabel)).Append("</span>");
            if (!string.IsNullOrEmpty(tenantId) && tenantId != tenantLabel)
            {
                sb.Append(" <span class=\"tenant-id\">").Append(Html.Encode(Texts.Get("Report_TenantId"))).Append(' ').Append(Html.Encode(tenantId)).Append("</span>");
            }

            sb.Append("</p>\n<dl class=\"meta\">\n");
            MetaItem(sb, Texts.Get("Report_Generated"), "<time datetime=\"" + IsoTime(generatedAt) + "\">" + Html.Encode(FormatTime(generatedAt)) + "</time>");
            if (status != null)
            {
                if (status.RetrievedAt != default)
                {
                    MetaItem(sb, Texts.Get("Report_Retrieved"), "<time datetime=\"" + IsoTime(status.RetrievedAt) + "\">" + Html.Encode(FormatTime(status.RetrievedAt)) + "</time>");
                }

                if (!string.IsNullOrEmpty(status.Source))
                {
                    MetaItem(sb, Texts.Get("Report_Source"), Html.Encode(status.Source));
                }

                MetaItem(sb, Texts.Get("Report_Posture"), Html.Encode(status.ExpectedAdminSspr.ToString()));
                MetaItem(sb, Texts.Get("Report_Telephony"), Html.Encode(status.Telephony.ToString()));
                if (status.AsOf != default)
                {
                    MetaItem(sb, Texts.Get("Report_AsOf"), "<time datetime=\"" + IsoDate(status.AsOf) + "\">" + Html.Encode(IsoDate(status.AsOf)) + "</time>");
                }
            }

            sb.Append("</dl>\n</header>\n");
        }

        private static void MetaItem(StringBuilder sb, string label, string valueHtml) =>
            sb.Append("<div><dt>").Append(Html.Encode(label)).Append("</dt><dd>").Append(valueHtml).Append("</dd></div>\n");

        private static void Verdict(StringBuilder sb, ReportSummary summary)
        {
            var cls = summary.Admins == 0 ? "verdict neutral" : summary.UnrecoverableAdmins == 0 ? "verdict good" : "verdict bad";
            sb.Append("<section class=\"").Append(cls).Append("\" id=\"verdict\">\n<p class=\"verdict-line\">");
            if (summary.Admins == 0)
            {
                sb.Append(Html.Encode(Texts.Get("Report_Verdict_NoAdmins")));
            }
            else if (summary.UnrecoverableAdmins == 0)
            {
                sb.Append("<span class=\"mark\" aria-hidden=\"true\">\u2714</span> ").Append(Html.Encode(Texts.Format("Report_Verdict_AllRecoverable", summary.Admins)));
            }
            else
            {
                sb.Append("<span class=\"mark\" aria-hidden=\"true\">\u2718</span> ").Append(Html.Encode(Texts.Format("Report_Verdict_SomeUnrecoverable", summary.UnrecoverableAdmins, summary.Admins)));
            }

            sb.Append("</p>\n");
            if (summary.Unrecoverable.Count > 0)
            {
                sb.Append("<p class=\"verdict-list-label\">").Append(Html.Encode(Texts.Get("Report_Verdict_Unrecoverable"))).Append("</p>\n<ul class=\"verdict-list\">\n");
                foreach (var a in summary.Unrecoverable)
                {
                    sb.Append("<li><span class=\"upn\">").Append(Html.Encode(a.UserPrincipalName)).Append("</span>");
                    if (!string.IsNullOrEmpty(a.DisplayName))
                    {
                        sb.Append(" (").Append(Html.Encode(a.DisplayName)).Append(')');
                    }

                    var errors = Distinct((a.Findings ?? Array.Empty<Finding>()).Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Id));
                    if (errors.Count > 0)
                    {
                        sb.Append(": ").Append(Html.Encode(string.Join(", ", errors)));
                    }

                    sb.Append("</li>\n");
                }

                sb.Append("</ul>\n");
            }

            sb.Append("<p class=\"explain\">").Append(Html.Encode(Texts.Get("Report_Verdict_Explain"))).Append("</p>\n</section>\n");
        }

        private static void ChangesSection(StringBuilder sb, IReadOnlyList<ReadinessChange> changes)
        {
            var lost = changes.Count(c => c.LostRecovery);
            sb.Append("<section id=\"changes\" class=\"changes").Append(lost > 0 ? " lost" : "").Append("\">\n<h2>").Append(Html.Encode(Texts.Get("Report_Changes"))).Append("</h2>\n");
            if (changes.Count == 0)
            {
                sb.Append("<p class=\"note\">").Append(Html.Encode(Texts.Get("Report_Changes_None"))).Append("</p>\n</section>\n");
                return;
            }

            sb.Append("<p class=\"changes-summary\">").Append(Html.Encode(ChangeCounts(changes))).Append("</p>\n");
            sb.Append("<table class=\"changes\" id=\"change-table\">\n<thead>\n<tr>");
            foreach (var key in new[] { "Report_Col_Change", "Report_Col_Upn", "Report_Col_Recoverable", "Report_Col_FindingsAdded", "Report_Col_FindingsResolved" })
            {
                sb.Append("<th scope=\"col\">").Append(Html.Encode(Texts.Get(key))).Append("</th>");
            }

            sb.Append("</tr>\n</thead>\n<tbody>\n");
            foreach (var c in changes)
            {
                var cls = c.LostRecovery ? "lost" : c.Change == ReadinessChangeKind.BecameRecoverable ? "better" : "other";
                sb.Append("<tr class=\"").Append(cls).Append("\" data-change=\"").Append(c.Change.ToString()).Append("\" data-upn=\"").Append(Html.Encode(c.UserPrincipalName)).Append("\">");
                sb.Append("<td class=\"change\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Change"))).Append("\">").Append(Html.Encode(ChangeLabel(c.Change))).Append("</td>");
                sb.Append("<td class=\"upn\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Upn"))).Append("\"><span class=\"upn-text\">").Append(BreakableName(c.UserPrincipalName)).Append("</span>");
                if (!string.IsNullOrEmpty(c.DisplayName))
                {
                    sb.Append("<div class=\"display-name\">").Append(Html.Encode(c.DisplayName)).Append("</div>");
                }

                sb.Append("</td>");
                sb.Append("<td class=\"recoverable\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Recoverable"))).Append("\">")
                    .Append(Html.Encode(RecoverableTransition(c))).Append("</td>");
                sb.Append("<td class=\"added\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_FindingsAdded"))).Append("\">");
                ChangeFindings(sb, c.FindingsAdded);
                sb.Append("</td>");
                sb.Append("<td class=\"resolved\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_FindingsResolved"))).Append("\">");
                ChangeFindings(sb, c.FindingsResolved);
                if (c.NotComparable.Length > 0)
                {
                    sb.Append("<div class=\"not-comparable\"><span class=\"label\">").Append(Html.Encode(Texts.Get("Report_Col_NotComparable"))).Append(":</span>");
                    List(sb, c.NotComparable, null);
                    sb.Append("</div>");
                }

                sb.Append("</td></tr>\n");
            }

            sb.Append("</tbody>\n</table>\n<p class=\"note\">").Append(Html.Encode(Texts.Get("Report_Changes_Explain"))).Append("</p>\n</section>\n");
        }

        private static void ChangeFindings(StringBuilder sb, Finding[]? findings)
        {
            if (findings == null || findings.Length == 0)
            {
                sb.Append("<span class=\"none\">\u2013</span>");
                return;
            }

            sb.Append("<ul class=\"change-findings\">");
            foreach (var f in findings)
            {
                sb.Append("<li><span class=\"chip sev-").Append(f.Severity.ToString().ToLowerInvariant()).Append("\">").Append(Html.Encode(f.Id)).Append("</span> ")
                    .Append(Html.Encode(f.Title)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        /// <summary>"Became unrecoverable" and so on, in the report's language.</summary>
        public static string ChangeLabel(ReadinessChangeKind kind) => Texts.Get("Change_" + kind);

        /// <summary>"Yes → No", "– → Yes" (added), "No → –" (removed).</summary>
        public static string RecoverableTransition(ReadinessChange c)
        {
            string YesNoText(AdminReadiness? r) => r == null ? "\u2013" : Texts.Get(r.Recoverable ? "Report_Yes" : "Report_No");
            var before = YesNoText(c.Before);
            var after = YesNoText(c.After);
            return before == after ? after : before + " \u2192 " + after;
        }

        /// <summary>The one-line count of the changes by kind, kinds with none left out.</summary>
        public static string ChangeCounts(IReadOnlyList<ReadinessChange> changes)
        {
            var parts = new List<string>();
            var newUnrecoverable = changes.Count(c => c.Change == ReadinessChangeKind.Added && c.LostRecovery);
            foreach (ReadinessChangeKind kind in new[] { ReadinessChangeKind.BecameUnrecoverable, ReadinessChangeKind.Added, ReadinessChangeKind.Removed, ReadinessChangeKind.BecameRecoverable, ReadinessChangeKind.FindingsChanged })
            {
                var n = changes.Count(c => c.Change == kind);
                if (n > 0)
                {
                    parts.Add(ChangeLabel(kind) + ": " + n.ToString(CultureInfo.CurrentCulture));
                }
            }

            var line = string.Join(" \u00b7 ", parts);
            return newUnrecoverable > 0 ? line + " " + Texts.Format("Report_Changes_NewUnrecoverable", newUnrecoverable) : line;
        }

        private static void TenantSection(StringBuilder sb, TenantStatus? status, ReportSummary summary)
        {
            sb.Append("<section id=\"tenant\">\n<h2>").Append(Html.Encode(Texts.Get("Report_TenantStatus"))).Append("</h2>\n");
            if (status == null)
            {
                sb.Append("<p class=\"note\">").Append(Html.Encode(Texts.Format("Report_Status_NotInInput", summary.Accounts))).Append("</p>\n");
            }

            sb.Append("<table class=\"facts\">\n<tbody>\n");
            if (status != null)
            {
                Fact(sb, "admin-sspr", Texts.Get("Report_Status_AdminSspr"), status.SelfServePasswordResetEnabled ? Texts.Get("Report_On") : Texts.Get("Report_Off"),
                    status.SelfServePasswordResetEnabled ? "on" : "off");
                Fact(sb, "two-gate", Texts.Get("Report_Status_TwoGate"), status.TwoGatePolicyApplies ? Texts.Get("Report_Applies") : Texts.Get("Report_DoesNotApply"), null);
                Fact(sb, "admins", Texts.Get("Report_Status_Admins"), status.AdminCount.ToString(CultureInfo.InvariantCulture), null);
                Fact(sb, "global-admins", Texts.Get("Report_Status_GlobalAdmins"), status.GlobalAdminCount.ToString(CultureInfo.InvariantCulture), status.GlobalAdminCount < 2 ? "off" : null);
                Fact(sb, "recoverable", Texts.Get("Report_Status_Recoverable"), status.RecoverableAdminCount.ToString(CultureInfo.InvariantCulture), null);
                var unrecoverable = status.AdminCount - status.RecoverableAdminCount;
                Fact(sb, "unrecoverable", Texts.Get("Report_Status_Unrecoverable"), unrecoverable.ToString(CultureInfo.InvariantCulture), unrecoverable > 0 ? "off" : null);
                Fact(sb, "registration-report", Texts.Get("Report_Status_RegistrationReport"), status.RegistrationReportAvailable ? Texts.Get("Report_Yes") : Texts.Get("Report_No"), null);
            }
            else
            {
                Fact(sb, "admins", Texts.Get("Report_Status_Admins"), summary.Admins.ToString(CultureInfo.InvariantCulture), null);
                Fact(sb, "recoverable", Texts.Get("Report_Status_Recoverable"), summary.RecoverableAdmins.ToString(CultureInfo.InvariantCulture), null);
                Fact(sb, "unrecoverable", Texts.Get("Report_Status_Unrecoverable"), summary.UnrecoverableAdmins.ToString(CultureInfo.InvariantCulture), summary.UnrecoverableAdmins > 0 ? "off" : null);
            }

            if (summary.NonAdmins > 0)
            {
                Fact(sb, "non-admins", Texts.Get("Report_Status_NonAdmins"), summary.NonAdmins.ToString(CultureInfo.InvariantCulture), null);
            }

            sb.Append("</tbody>\n</table>\n");
            SmsVoiceSection(sb, status, summary);

            if (status != null)
            {
                sb.Append("<h3>").Append(Html.Encode(Texts.Get("Report_TenantFindings"))).Append("</h3>\n");
                var findings = status.Findings ?? Array.Empty<Finding>();
                if (findings.Length == 0)
                {
                    sb.Append("<p>").Append(Html.Encode(Texts.Get("Report_NoTenantFindings"))).Append("</p>\n");
                }
                else
                {
                    sb.Append("<div class=\"tenant-findings\">\n");
                    foreach (var f in findings)
                    {
                        FindingBlock(sb, f);
                    }

                    sb.Append("</div>\n");
                }

                var notes = status.NotEvaluated ?? Array.Empty<string>();
                if (notes.Length > 0)
                {
                    sb.Append("<h3>").Append(Html.Encode(Texts.Get("Report_NotEvaluated"))).Append("</h3>\n<p class=\"note\">")
                        .Append(Html.Encode(Texts.Get("Report_NotEvaluatedNote"))).Append("</p>\n<ul class=\"not-evaluated\">\n");
                    foreach (var n in notes)
                    {
                        sb.Append("<li>").Append(Html.Encode(n)).Append("</li>\n");
                    }

                    sb.Append("</ul>\n");
                }
            }

            sb.Append("</section>\n");
        }

        /// <summary>
        /// How many admins depend on SMS/voice, and what 2027-02-01 does to them: Microsoft stops delivering SMS and voice
        /// codes itself that day (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
        /// </summary>
        private static void SmsVoiceSection(StringBuilder sb, TenantStatus? status, ReportSummary summary)
        {
            sb.Append("<h3 id=\"sms-voice\">").Append(Html.Encode(Texts.Get("Report_SmsVoice_Heading"))).Append("</h3>\n");
            if (status == null || status.SmsVoiceRetirementDate == default)
            {
                sb.Append("<table class=\"facts\">\n<tbody>\n");
                Fact(sb, "sms-voice-dependent", Texts.Get("Report_SmsVoice_Dependent"), summary.SmsVoiceDependentAdmins.ToString(CultureInfo.InvariantCulture),
                    summary.SmsVoiceDependentAdmins > 0 ? "off" : null);
                sb.Append("</tbody>\n</table>\n");
                return;
            }

            var date = IsoDate(status.SmsVoiceRetirementDate);
            sb.Append("<p class=\"note\">").Append(Html.Encode(Texts.Format("Report_SmsVoice_Intro", date, status.Telephony, IsoDate(status.AsOf)))).Append("</p>\n");
            sb.Append("<table class=\"facts\">\n<tbody>\n");
            Fact(sb, "sms-voice-dependent", Texts.Get("Report_SmsVoice_Dependent"), status.SmsVoiceDependentAdminCount.ToString(CultureInfo.InvariantCulture),
                status.SmsVoiceDependentAdminCount > 0 ? "off" : null);
            Fact(sb, "self-service-ready", Texts.Format("Report_SmsVoice_ReadyNowThen", date),
                status.SelfServiceReadyAdminCount.ToString(CultureInfo.InvariantCulture) + " \u2192 " + status.SelfServiceReadyAdminCountAfterRetirement.ToString(CultureInfo.InvariantCulture),
                status.SelfServiceReadyAdminCountAfterRetirement < status.SelfServiceReadyAdminCount ? "off" : null);
            Fact(sb, "recoverable-after", Texts.Format("Report_SmsVoice_RecoverableNowThen", date),
                status.RecoverableAdminCount.ToString(CultureInfo.InvariantCulture) + " \u2192 " + status.RecoverableAdminCountAfterRetirement.ToString(CultureInfo.InvariantCulture),
                status.RecoverableAdminCountAfterRetirement < status.RecoverableAdminCount ? "off" : null);
            sb.Append("</tbody>\n</table>\n");
            Names(sb, "sms-voice-dependent-admins", Texts.Get("Report_SmsVoice_DependentList"), status.SmsVoiceDependentAdmins);
            Names(sb, "losing-self-service", Texts.Format("Report_SmsVoice_LosingList", date), status.AdminsLosingSelfService);
            sb.Append("<p class=\"note\">").Append(Html.Encode(Texts.Get("Report_SmsVoice_CannotKnow"))).Append("</p>\n");
        }

        private static void Names(StringBuilder sb, string key, string label, string[]? names)
        {
            if (names == null || names.Length == 0)
            {
                return;
            }

            sb.Append("<p data-list=\"").Append(Html.Encode(key)).Append("\">").Append(Html.Encode(label)).Append(' ');
            sb.Append(Html.Encode(string.Join(", ", names))).Append("</p>\n");
        }

        private static void Fact(StringBuilder sb, string key, string label, string value, string? cls)
        {
            sb.Append("<tr data-fact=\"").Append(Html.Encode(key)).Append("\"><th scope=\"row\">").Append(Html.Encode(label)).Append("</th><td");
            if (cls != null)
            {
                sb.Append(" class=\"").Append(Html.Encode(cls)).Append('"');
            }

            sb.Append('>').Append(Html.Encode(value)).Append("</td></tr>\n");
        }

        private static void Charts(StringBuilder sb, ReportSummary summary)
        {
            sb.Append("<section id=\"overview\">\n<h2>").Append(Html.Encode(Texts.Get("Report_Overview"))).Append("</h2>\n<div class=\"charts\">\n");

            sb.Append("<figure class=\"chart\" id=\"chart-recovery\">\n");
            BarChart(sb, "chart-recovery-title", Texts.Get("Report_Chart_Recovery"), new[]
            {
                new Bar("recoverable", Texts.Get("Report_Chart_Recoverable"), summary.RecoverableAdmins, null, "bar-ok"),
                new Bar("unrecoverable", Texts.Get("Report_Chart_Unrecoverable"), summary.UnrecoverableAdmins, null, "bar-bad"),
            });
            sb.Append("<figcaption>").Append(Html.Encode(Texts.Format("Report_Chart_RecoveryCaption", summary.Admins, summary.NonAdmins))).Append("</figcaption>\n</figure>\n");

            sb.Append("<figure class=\"chart\" id=\"chart-findings\">\n");
            BarChart(sb, "chart-findings-title", Texts.Get("Report_Chart_Findings"), ReportSummary.Severities.Select(s => new Bar(
                s.ToString().ToLowerInvariant(), SeverityLabel(s), summary.FindingsBySeverity[s],
                Texts.Format("Report_Chart_FindingsOnAccounts", summary.AccountsBySeverity[s]), "bar-" + s.ToString().ToLowerInvariant())).ToArray());
            sb.Append("<figcaption>").Append(Html.Encode(Texts.Format("Report_Chart_FindingsCaption", summary.Findings, summary.Accounts))).Append("</figcaption>\n</figure>\n");

            sb.Append("</div>\n</section>\n");
        }

        private sealed class Bar
        {
            public Bar(string key, string label, int value, string? note, string cssClass)
            {
                Key = key;
                Label = label;
                Value = value;
                Note = note;
                CssClass = cssClass;
            }

            public string Key { get; }
            public string Label { get; }
            public int Value { get; }
            public string? Note { get; }
            public string CssClass { get; }
        }

        /// <summary>A horizontal bar chart whose every bar carries its label and its number as text: readable without colour.</summary>
        private static void BarChart(StringBuilder sb, string titleId, string title, IReadOnlyList<Bar> bars)
        {
            // Text is measured roughly (about 8 px per character at 14 px) so that long translated labels are not clipped.
            const int barMax = 220, rowHeight = 38, barHeight = 24, top = 34;
            var labelWidth = Math.Max(120, Math.Min(300, bars.Max(b => b.Label.Length) * 8 + 14));
            var width = Math.Max(title.Length * 9, labelWidth + barMax + 8 + 40 + bars.Max(b => b.Note?.Length ?? 0) * 8);
            var height = top + bars.Count * rowHeight + 4;
            var max = Math.Max(1, bars.Max(b => b.Value));
            var inv = CultureInfo.InvariantCulture;
            sb.Append("<svg class=\"bars\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
                .Append("\" role=\"img\" aria-labelledby=\"").Append(titleId).Append("\">\n");
            sb.Append("<title id=\"").Append(titleId).Append("\">").Append(Html.Encode(title)).Append(": ")
                .Append(Html.Encode(string.Join("; ", bars.Select(b => b.Label + " " + b.Value.ToString(inv) + (b.Note == null ? "" : " " + b.Note))))).Append("</title>\n");
            sb.Append("<text class=\"chart-title\" x=\"0\" y=\"18\">").Append(Html.Encode(title)).Append("</text>\n");
            for (var i = 0; i < bars.Count; i++)
            {
                var b = bars[i];
                var y = top + i * rowHeight;
                var w = b.Value == 0 ? 2 : Math.Max(4, (int)Math.Round(barMax * (double)b.Value / max));
                var textY = (y + barHeight / 2 + 5).ToString(inv);
                sb.Append("<g class=\"bar ").Append(b.CssClass).Append("\" data-key=\"").Append(Html.Encode(b.Key)).Append("\" data-count=\"").Append(b.Value.ToString(inv)).Append("\">");
                sb.Append("<text class=\"bar-label\" x=\"").Append(labelWidth - 10).Append("\" y=\"").Append(textY).Append("\" text-anchor=\"end\">").Append(Html.Encode(b.Label)).Append("</text>");
                sb.Append("<rect x=\"").Append(labelWidth).Append("\" y=\"").Append(y).Append("\" width=\"").Append(w).Append("\" height=\"").Append(barHeight).Append("\" rx=\"3\"></rect>");
                sb.Append("<text class=\"bar-value\" x=\"").Append(labelWidth + w + 8).Append("\" y=\"").Append(textY).Append("\">").Append(b.Value.ToString(inv));
                if (b.Note != null)
                {
                    sb.Append("<tspan class=\"bar-note\" dx=\"6\">").Append(Html.Encode(b.Note)).Append("</tspan>");
                }

                sb.Append("</text></g>\n");
            }

            sb.Append("</svg>\n");
        }

        private static string SeverityLabel(FindingSeverity s) => Texts.Get("Report_Severity_" + s);

        private static void AccountTable(StringBuilder sb, IReadOnlyList<AdminReadiness> results)
        {
            sb.Append("<section id=\"accounts\">\n<h2>").Append(Html.Encode(Texts.Format("Report_Accounts", results.Count))).Append("</h2>\n");
            if (results.Count == 0)
            {
                sb.Append("<p class=\"note\">").Append(Html.Encode(Texts.Get("Report_NoAccounts"))).Append("</p>\n</section>\n");
                return;
            }

            // The controls only work with the script, so they stay hidden until it runs.
            sb.Append("<div class=\"controls\" id=\"controls\" hidden>\n");
            sb.Append("<label for=\"filter\">").Append(Html.Encode(Texts.Get("Report_Filter"))).Append("</label> ");
            sb.Append("<input type=\"search\" id=\"filter\" autocomplete=\"off\" placeholder=\"").Append(Html.Encode(Texts.Get("Report_FilterPlaceholder"))).Append("\">\n");
            sb.Append("<label class=\"toggle\"><input type=\"checkbox\" id=\"only-unrecoverable\"> ").Append(Html.Encode(Texts.Get("Report_OnlyUnrecoverable"))).Append("</label>\n");
            sb.Append("<span id=\"shown\" aria-live=\"polite\" data-template=\"").Append(Html.Encode(Texts.Get("Report_Showing"))).Append("\"></span>\n");
            sb.Append("<span class=\"hint\">").Append(Html.Encode(Texts.Get("Report_SortHint"))).Append("</span>\n");
            sb.Append("</div>\n");

            sb.Append("<table class=\"accounts\" id=\"account-table\">\n<thead>\n<tr>");
            Header(sb, "upn", "Report_Col_Upn", false);
            Header(sb, "display-name", "Report_Col_DisplayName", false);
            Header(sb, "roles", "Report_Col_Roles", false);
            Header(sb, "self-service", "Report_Col_SelfService", true);
            Header(sb, "reset-by", "Report_Col_ResetBy", true);
            Header(sb, "recoverable", "Report_Col_Recoverable", true);
            Header(sb, "findings", "Report_Col_Findings", true);
            sb.Append("</tr>\n</thead>\n");

            // One tbody per account: its summary row, then its findings across the whole width. Sorting and
            // filtering move and hide whole tbodies.
            foreach (var r in results)
            {
                Row(sb, r);
            }

            sb.Append("</table>\n</section>\n");
        }

        private static void Header(StringBuilder sb, string key, string textKey, bool numeric)
        {
            sb.Append("<th scope=\"col\" data-col=\"").Append(key).Append('"');
            if (numeric)
            {
                sb.Append(" data-type=\"number\"");
            }

            sb.Append('>').Append(Html.Encode(Texts.Get(textKey))).Append("</th>");
        }

        private static void Row(StringBuilder sb, AdminReadiness r)
        {
            var inv = CultureInfo.InvariantCulture;
            var findings = r.Findings ?? Array.Empty<Finding>();
            var roles = r.Roles ?? Array.Empty<string>();
            var resetBy = r.AssistedResetBy ?? Array.Empty<string>();
            var notEvaluated = r.NotEvaluated ?? Array.Empty<string>();
            var unrecoverable = !r.Recoverable;

            sb.Append("<tbody class=\"account").Append(unrecoverable ? " unrecoverable" : "").Append(r.IsAdmin ? "" : " non-admin")
                .Append("\" data-recoverable=\"").Append(r.Recoverable ? "true" : "false")
                .Append("\" data-admin=\"").Append(r.IsAdmin ? "true" : "false")
                .Append("\" data-upn=\"").Append(Html.Encode(r.UserPrincipalName)).Append("\">\n<tr class=\"summary\">\n");

            // UPN, with what makes the account special.
            sb.Append("<td class=\"upn\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Upn"))).Append("\"><span class=\"upn-text\">").Append(BreakableName(r.UserPrincipalName)).Append("</span>");
            if (!r.AccountEnabled)
            {
                sb.Append(" <span class=\"tag tag-bad\">").Append(Html.Encode(Texts.Get("Report_AccountDisabled"))).Append("</span>");
            }

            if (!r.IsAdmin)
            {
                sb.Append(" <span class=\"tag\">").Append(Html.Encode(Texts.Get("Report_NotAnAdmin"))).Append("</span>");
            }

            sb.Append("</td>\n");

            sb.Append("<td class=\"display-name\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_DisplayName"))).Append("\">").Append(Html.Encode(r.DisplayName)).Append("</td>\n");

            sb.Append("<td class=\"roles\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Roles"))).Append("\">");
            List(sb, roles, null);
            sb.Append("</td>\n");

            // Self-service: the same four states as the console view.
            string ssText, ssClass;
            int ssRank;
            if (!r.AccountEnabled)
            {
                ssText = Texts.Get("Report_SelfService_Disabled");
                ssClass = "no";
                ssRank = 0;
            }
            else if (r.SelfServiceReady)
            {
                ssText = Texts.Get("Report_Yes");
                ssClass = "yes";
                ssRank = 3;
            }
            else if (notEvaluated.Length > 0)
            {
                ssText = Texts.Get("Report_SelfService_Unknown");
                ssClass = "unknown";
                ssRank = 2;
            }
            else
            {
                ssText = Texts.Get("Report_No");
                ssClass = "no";
                ssRank = 1;
            }

            sb.Append("<td class=\"self-service\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_SelfService"))).Append("\" data-sort-value=\"").Append(ssRank.ToString(inv)).Append("\">");
            YesNo(sb, ssClass, ssText);
            if (r.RequiredMethods > 0 || (r.UsableMethods?.Length ?? 0) > 0)
            {
                var methods = r.UsableMethods ?? Array.Empty<string>();
                sb.Append("<div class=\"methods\">").Append(Html.Encode(Texts.Format("Report_Methods", methods.Length, r.RequiredMethods,
                    methods.Length == 0 ? Texts.Get("Report_NoMethods") : string.Join(", ", methods)))).Append("</div>");
            }

            sb.Append("</td>\n");

            sb.Append("<td class=\"reset-by\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_ResetBy"))).Append("\" data-sort-value=\"").Append(resetBy.Length.ToString(inv)).Append("\">");
            if (resetBy.Length == 0)
            {
                sb.Append("<span class=\"nobody\">").Append(Html.Encode(Texts.Get("Report_ResetByNobody"))).Append("</span>");
            }
            else
            {
                sb.Append("<div class=\"count\">").Append(Html.Encode(Texts.Format("Report_ResetByCount", resetBy.Length))).Append("</div>");
                List(sb, resetBy, "resetters");
            }

            sb.Append("</td>\n");

            sb.Append("<td class=\"recoverable\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Recoverable"))).Append("\" data-sort-value=\"").Append(r.Recoverable ? "1" : "0").Append("\">");
            YesNo(sb, r.Recoverable ? "yes" : "no", r.Recoverable ? Texts.Get("Report_Yes") : Texts.Get("Report_No"));
            sb.Append("</td>\n");

            var worst = findings.Length == 0 ? 0 : findings.Max(f => (int)f.Severity) + 1;
            sb.Append("<td class=\"findings-summary\" data-label=\"").Append(Html.Encode(Texts.Get("Report_Col_Findings"))).Append("\" data-sort-value=\"").Append((worst * 1000 + findings.Length).ToString(inv)).Append("\">");
            if (findings.Length == 0)
            {
                sb.Append("<span class=\"none\">").Append(Html.Encode(Texts.Get("Report_NoFindings"))).Append("</span>");
            }

            // The ids at a glance (the worst severity of each), the details in the row below.
            foreach (var id in Distinct(findings.Select(f => f.Id)))
            {
                var sev = findings.Where(f => f.Id == id).Max(f => f.Severity);
                sb.Append("<span class=\"chip sev-").Append(sev.ToString().ToLowerInvariant()).Append("\">").Append(Html.Encode(id)).Append("</span> ");
            }

            sb.Append("</td>\n</tr>\n");

            if (findings.Length > 0 || notEvaluated.Length > 0)
            {
                sb.Append("<tr class=\"details\"><td colspan=\"7\">");
                if (findings.Length > 0)
                {
                    sb.Append("<div class=\"finding-list\">");
                    foreach (var f in findings)
                    {
                        FindingBlock(sb, f);
                    }

                    sb.Append("</div>");
                }

                if (notEvaluated.Length > 0)
                {
                    sb.Append("<div class=\"not-evaluated\"><span class=\"label\">").Append(Html.Encode(Texts.Get("Report_NotEvaluated"))).Append(":</span>");
                    List(sb, notEvaluated, null);
                    sb.Append("</div>");
                }

                sb.Append("</td></tr>\n");
            }

            sb.Append("</tbody>\n");
        }

        private static void YesNo(StringBuilder sb, string cls, string text)
        {
            var mark = cls == "yes" ? "\u2714" : cls == "no" ? "\u2718" : "?";
            sb.Append("<span class=\"state ").Append(cls).Append("\"><span class=\"mark\" aria-hidden=\"true\">").Append(mark).Append("</span> ").Append(Html.Encode(text)).Append("</span>");
        }

        private static void List(StringBuilder sb, IEnumerable<string> items, string? cls)
        {
            sb.Append("<ul");
            if (cls != null)
            {
                sb.Append(" class=\"").Append(cls).Append('"');
            }

            sb.Append('>');
            foreach (var item in items)
            {
                sb.Append("<li>").Append(Html.Encode(item)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        private static void FindingBlock(StringBuilder sb, Finding f)
        {
            var sev = f.Severity.ToString().ToLowerInvariant();
            sb.Append("<div class=\"finding sev-").Append(sev).Append("\" data-finding=\"").Append(Html.Encode(f.Id)).Append("\">");
            sb.Append("<div class=\"f-head\"><span class=\"badge sev-").Append(sev).Append("\">").Append(Html.Encode(SeverityLabel(f.Severity))).Append("</span> ")
                .Append("<span class=\"fid\">").Append(Html.Encode(f.Id)).Append("</span> <span class=\"ftitle\">").Append(Html.Encode(f.Title)).Append("</span></div>");
            if (!string.IsNullOrEmpty(f.Detail))
            {
                sb.Append("<div class=\"f-detail\">").Append(Html.Encode(f.Detail)).Append("</div>");
            }

            if (!string.IsNullOrEmpty(f.Remediation) || !string.IsNullOrEmpty(f.Reference))
            {
                sb.Append("<div class=\"f-fix\"><span class=\"label\">").Append(Html.Encode(Texts.Get("Report_Fix"))).Append("</span> ").Append(Html.Encode(f.Remediation));
                var href = Html.SafeHref(f.Reference);
                if (href != null)
                {
                    sb.Append(" <a class=\"ref\" href=\"").Append(href).Append("\" rel=\"noopener noreferrer\">").Append(Html.Encode(Texts.Get("Report_ReferenceLink"))).Append("</a>");
                }
                else if (!string.IsNullOrEmpty(f.Reference))
                {
                    sb.Append(" <span class=\"ref\">").Append(Html.Encode(f.Reference)).Append("</span>");
                }

                sb.Append("</div>");
            }

            sb.Append("</div>");
        }

        /// <summary>An encoded UPN with a line-break opportunity before '@', so a narrow column breaks it there.</summary>
        private static string BreakableName(string? name) =>
            Html.Encode(name).Replace("@", "<wbr>@");

        private static List<string> Distinct(IEnumerable<string> items)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return items.Where(seen.Add).ToList();
        }

        private static string ScriptHash()
        {
            using (var sha = SHA256.Create())
            {
                return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(Script)));
            }
        }

        /// <summary>The report's stylesheet or script (Reporting/report.css, report.js), embedded in the assembly.</summary>
        private static string ReportAsset(string name)
        {
            using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("SsprTools.Core.Reporting." + name)
                ?? throw new InvalidOperationException("The embedded " + name + " is missing from SsprTools.Core.");
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            return reader.ReadToEnd();
        }
    }
}
