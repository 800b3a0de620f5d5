using System;
using System.Text;

namespace SsprTools.Core.Reporting
{
    /// <summary>
    /// HTML encoding for the report: one complete encoder for text and for (always double-quoted) attribute values,
    /// so tenant data can never become markup.
    /// </summary>
    public static class Html
    {
        /// <summary>
        /// Encodes &amp; &lt; &gt; " and ' and replaces characters HTML does not allow in text (C0/C1 controls other
        /// than tab, line feed and carriage return, and lone surrogates) with U+FFFD. Null gives "".
        /// </summary>
        public static string Encode(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "";
            }

            var s = value!;
            StringBuilder? sb = null;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                string? replacement = null;
                switch (c)
                {
                    case '&': replacement = "&amp;"; break;
                    case '<': replacement = "&lt;"; break;
                    case '>': replacement = "&gt;"; break;
                    case '"': replacement = "&quot;"; break;
                    case '\'': replacement = "&#39;"; break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                        {
                            if (sb != null)
                            {
                                sb.Append(c).Append(s[i + 1]);
                            }

                            i++;
                            continue;
                        }

                        if (char.IsSurrogate(c) || IsDisallowedControl(c))
                        {
                            replacement = "\uFFFD";
                        }

                        break;
                }

                if (replacement != null)
                {
                    sb ??= new StringBuilder(s.Length + 32).Append(s, 0, i);
                    sb.Append(replacement);
                }
                else
                {
                    sb?.Append(c);
                }
            }

            return sb?.ToString() ?? s;
        }

        /// <summary>An absolute http(s) URL, encoded for an href; null for anything else (javascript:, data:, relative …).</summary>
        public static string? SafeHref(string? url)
        {
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url!.Trim(), UriKind.Absolute, out var uri))
            {
                return null;
            }

            return uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp ? Encode(uri.AbsoluteUri) : null;
        }

        private static bool IsDisallowedControl(char c) =>
            (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }
}
