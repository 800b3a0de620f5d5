using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SsprTools.Core.Text;

namespace SsprTools.Core.Reporting
{
    /// <summary>
    /// A short Markdown summary of a scan for a pipeline's job summary (GitHub Actions $GITHUB_STEP_SUMMARY, Azure DevOps
    /// ##vso[task.uploadsummary]): the verdict, who cannot get back in, and what changed since the previous scan when the
    /// changes are given. The full detail stays in the HTML report. Tenant data is escaped, so a name cannot become
    /// Markdown or HTML (job summaries render both).
    /// </summary>
    public static class MarkdownReport
    {
        /// <summary>Rows of a table beyond this are summarized in one line: a job summary is for reading at a glance.</summary>
        public const int MaxRows = 50;

        public static string Render(TenantStatus? status, IReadOnlyList<AdminReadiness> results, DateTimeOffset generatedAt, IReadOnlyList<ReadinessChange>? changes)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            var summary = ReportSummary.From(results);
            var tenantId = status?.TenantId;
            if (string.IsNullOrEmpty(tenantId))
            {
                var ids = results.Select(r => r.TenantId).Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                tenantId = ids.Count == 1 ? ids[0] : null;
            }

            var tenantLabel = !string.IsNullOrEmpty(status?.TenantName) ? status!.TenantName : !string.IsNullOrEmpty(tenantId) ? tenantId! : Texts.Get("Report_UnknownTenant");
            var sb = new StringBuilder();
            sb.Append("## ").Append(Escape(Texts.Format("Report_PageTitle", tenantLabel))).Append("\n\n");

            // The verdict, in words and with a mark that survives plain-text rendering.
            if (summary.Admins == 0)
            {
                sb.Append(Escape(Texts.Get("Report_Verdict_NoAdmins")));
            }
            else if (summary.UnrecoverableAdmins == 0)
            {
                sb.Append("\u2705 **").Append(Escape(Texts.Format("Report_Verdict_AllRecoverable", summary.Admins))).Append("**");
            }
            else
            {
                sb.Append("\u274C **").Append(Escape(Texts.Format("Report_Verdict_SomeUnrecoverable", summary.UnrecoverableAdmins, summary.Admins))).Append("**");
            }

            sb.Append("\n\n");
            var facts = new List<string>();
            if (!string.IsNullOrEmpty(tenantId) && tenantId != tenantLabel)
            {
                facts.Add(Escape(Texts.Get("Report_TenantId")) + ": `" + Code(tenantId!) + "`");
            }

            if (status != null)
            {
                facts.Add(Escape(Texts.Get("Md_AdminSspr")) + ": " + Escape(Texts.Get(status.SelfServePasswordResetEnabled ? "Report_On" : "Report_Off")));
                facts.Add(Escape(Texts.Get("Report_Posture")) + ": " + Escape(status.ExpectedAdminSspr.ToString()));
                if (status.RetrievedAt != default)
                {
                    facts.Add(Escape(Texts.Get("Report_Retrieved")) + ": " + Time(status.RetrievedAt));
                }
            }

            facts.Add(Escape(Texts.Get("Report_Generated")) + ": " + Time(generatedAt));
            sb.Append(string.Join(" \u00b7 ", facts)).Append("\n\n");

            // SMS and voice: how many admins depend on them, and what 2027-02-01 does to them
            // (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
            if (status != null && status.SmsVoiceRetirementDate != default)
            {
                var date = status.SmsVoiceRetirementDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                sb.Append(Escape(Texts.Format("Md_SmsVoice", status.SmsVoiceDependentAdminCount, status.Telephony, date,
                    status.SelfServiceReadyAdminCount, status.SelfServiceReadyAdminCountAfterRetirement,
                    status.RecoverableAdminCount, status.RecoverableAdminCountAfterRetirement))).Append("\n\n");
            }
            else if (summary.SmsVoiceDependentAdmins > 0)
            {
                sb.Append(Escape(Texts.Format("Md_SmsVoiceDerived", summary.SmsVoiceDependentAdmins))).Append("\n\n");
            }

            if (summary.Unrecoverable.Count > 0)
            {
                sb.Append("### ").Append(Escape(Texts.Get("Md_Unrecoverable"))).Append("\n\n");
                sb.Append("| ").Append(Escape(Texts.Get("Report_Col_Upn"))).Append(" | ").Append(Escape(Texts.Get("Report_Col_Roles")))
                    .Append(" | ").Append(Escape(Texts.Get("Report_Col_Findings"))).Append(" |\n|---|---|---|\n");
                foreach (var a in summary.Unrecoverable.Take(MaxRows))
                {
                    // What stands in the way: errors and warnings (a disabled account, SSPR010, is a warning).
                    var errors = (a.Findings ?? Array.Empty<Finding>()).Where(f => f.Severity != FindingSeverity.Info)
                        .OrderByDescending(f => f.Severity)
                        .GroupBy(f => f.Id).Select(g => g.Key + " " + g.First().Title);
                    sb.Append("| ").Append(Escape(a.UserPrincipalName)).Append(" | ").Append(Escape(string.Join(", ", a.Roles ?? Array.Empty<string>())))
                        .Append(" | ").Append(Escape(string.Join("; ", errors))).Append(" |\n");
                }

                More(sb, summary.Unrecoverable.Count);
                sb.Append('\n');
            }

            var notEvaluated = results.Count(r => (r.NotEvaluated?.Length ?? 0) > 0);
            if (notEvaluated > 0)
            {
                sb.Append("\u26A0\uFE0F ").Append(Escape(Texts.Format("Md_NotEvaluated", notEvaluated))).Append("\n\n");
            }

            if (changes != null)
            {
                sb.Append("### ").Append(Escape(Texts.Get("Report_Changes"))).Append("\n\n");
                if (changes.Count == 0)
                {
                    sb.Append(Escape(Texts.Get("Report_Changes_None"))).Append("\n\n");
                }
                else
                {
                    sb.Append(Escape(HtmlReport.ChangeCounts(changes))).Append("\n\n");
                    sb.Append("| ").Append(Escape(Texts.Get("Report_Col_Change"))).Append(" | ").Append(Escape(Texts.Get("Report_Col_Upn")))
                        .Append(" | ").Append(Escape(Texts.Get("Report_Col_Recoverable"))).Append(" | ").Append(Escape(Texts.Get("Report_Col_FindingsAdded")))
                        .Append(" | ").Append(Escape(Texts.Get("Report_Col_FindingsResolved"))).Append(" |\n|---|---|---|---|---|\n");
                    foreach (var c in changes.Take(MaxRows))
                    {
                        var label = Escape(HtmlReport.ChangeLabel(c.Change));
                        sb.Append("| ").Append(c.LostRecovery ? "**" + label + "**" : label)
                            .Append(" | ").Append(Escape(c.UserPrincipalName))
                            .Append(" | ").Append(Escape(HtmlReport.RecoverableTransition(c)))
                            .Append(" | ").Append(Ids(c.FindingsAdded))
                            .Append(" | ").Append(Ids(c.FindingsResolved))
                            .Append(c.NotComparable.Length > 0 ? " " + Escape(Texts.Format("Md_NotComparable", c.NotComparable.Length)) : "")
                            .Append(" |\n");
                    }

                    More(sb, changes.Count);
                    sb.Append('\n');
                }
            }

            sb.Append("<sub>").Append(Escape(Texts.Format("Md_Footer", Version))).Append("</sub>\n");
            return sb.ToString();
        }

        private static void More(StringBuilder sb, int count)
        {
            if (count > MaxRows)
            {
                sb.Append('\n').Append(Escape(Texts.Format("Md_MoreRows", count - MaxRows))).Append('\n');
            }
        }

        private static string Ids(Finding[]? findings) =>
            findings == null || findings.Length == 0 ? "\u2013" : Escape(string.Join(" ", findings.Select(f => f.Id).Distinct(StringComparer.Ordinal)));

        private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        private static string Version
        {
            get
            {
                var v = typeof(MarkdownReport).Assembly.GetName().Version;
                return v == null ? "" : v.ToString(3);
            }
        }

        /// <summary>Inside `code`: backticks cannot close it early and line breaks cannot end the table row.</summary>
        private static string Code(string s) => s.Replace('`', '\'').Replace('\r', ' ').Replace('\n', ' ');

        /// <summary>
        /// Text as literal Markdown: HTML-encoded (job summaries render HTML), the Markdown punctuation that could start emphasis, code, a link or a heading backslash-escaped, pipes
        /// escaped so a table cell stays one cell, and line breaks as spaces so a row stays one row.
        /// </summary>
        public static string Escape(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "";
            }

            var sb = new StringBuilder(value!.Length + 8);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\r':
                    case '\n': sb.Append(' '); break;
                    case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '!': case '|': case '~':
                        sb.Append('\\').Append(c);
                        break;
                    default:
                        sb.Append(char.IsControl(c) ? ' ' : c);
                        break;
                }
            }

            return sb.ToString();
        }
    }
}
