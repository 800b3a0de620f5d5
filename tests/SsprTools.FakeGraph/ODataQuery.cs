using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>The system query options of one request ($select, $filter, $top, $expand, $orderby, $skiptoken, $count).</summary>
    internal sealed class ODataQuery
    {
        private ODataQuery(List<KeyValuePair<string, string>> pairs)
        {
            Pairs = pairs;
        }

        /// <summary>All query parameters, percent-decoded, in request order.</summary>
        public List<KeyValuePair<string, string>> Pairs { get; }

        public string[]? Select { get; private set; }
        public string? Filter { get; private set; }
        public int? Top { get; private set; }
        public string? TopRaw { get; private set; }
        public List<string> Expand { get; } = new List<string>();
        public string? OrderBy { get; private set; }
        public string? SkipToken { get; private set; }
        public bool Count { get; private set; }

        public static ODataQuery Parse(string? rawQuery)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            if (!string.IsNullOrEmpty(rawQuery))
            {
                string q = rawQuery[0] == '?' ? rawQuery.Substring(1) : rawQuery;
                foreach (string part in q.Split('&'))
                {
                    if (part.Length == 0)
                    {
                        continue;
                    }

                    int eq = part.IndexOf('=');
                    string key = eq < 0 ? part : part.Substring(0, eq);
                    string value = eq < 0 ? "" : part.Substring(eq + 1);
                    pairs.Add(new KeyValuePair<string, string>(Decode(key), Decode(value)));
                }
            }

            var result = new ODataQuery(pairs);
            foreach (var (key, value) in pairs)
            {
                switch (key.ToLowerInvariant())
                {
                    case "$select":
                        result.Select = value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
                        break;
                    case "$filter":
                        result.Filter = value;
                        break;
                    case "$top":
                        result.TopRaw = value;
                        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int top))
                        {
                            throw GraphException.BadRequest($"Invalid $top value '{value}'. It must be a non-negative integer.");
                        }

                        result.Top = top;
                        break;
                    case "$expand":
                        foreach (string e in SplitTopLevel(value))
                        {
                            string name = e.Trim();
                            int paren = name.IndexOf('(');
                            if (paren >= 0)
                            {
                                name = name.Substring(0, paren).Trim();
                            }

                            if (name.Length > 0)
                            {
                                result.Expand.Add(name);
                            }
                        }

                        break;
                    case "$orderby":
                        result.OrderBy = value;
                        break;
                    case "$skiptoken":
                        result.SkipToken = value;
                        break;
                    case "$count":
                        result.Count = string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "$skip":
                        throw new GraphException(400, "Request_BadRequest", "'$skip' is not supported by the service.");
                    default:
                        break;
                }
            }

            return result;
        }

        /// <summary>The query string to repeat in a nextLink (everything but $skiptoken), re-encoded, without '?'.</summary>
        public string ToQueryStringWithout(string excludedKey)
        {
            var sb = new StringBuilder();
            foreach (var (key, value) in Pairs)
            {
                if (string.Equals(key, excludedKey, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append('&');
                }

                sb.Append(EncodeKey(key)).Append('=').Append(Uri.EscapeDataString(value));
            }

            return sb.ToString();
        }

        internal static string EncodeKey(string key) =>
            key.StartsWith('$') ? "$" + Uri.EscapeDataString(key.Substring(1)) : Uri.EscapeDataString(key);

        private static string Decode(string s)
        {
            try
            {
                return Uri.UnescapeDataString(s);
            }
            catch (UriFormatException)
            {
                return s;
            }
        }

        private static IEnumerable<string> SplitTopLevel(string value)
        {
            int depth = 0;
            int start = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    yield return value.Substring(start, i - start);
                    start = i + 1;
                }
            }

            yield return value.Substring(start);
        }
    }

    /// <summary>Comparisons shared by $filter and $orderby.</summary>
    internal static class JsonCompare
    {
        public static bool LooksLikeDate(string s) =>
            s.Length >= 19 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') && char.IsDigit(s[0]);

        public static bool TryDate(string s, out DateTimeOffset value) =>
            DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

        /// <summary>Total order used by $orderby: nulls first, then numbers, dates, strings (case-insensitive), bools.</summary>
        public static int Compare(JsonNode? a, JsonNode? b)
        {
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : -1) : 1;
            }

            if (a is JsonValue va && b is JsonValue vb)
            {
                JsonValueKind ka = va.GetValueKind();
                JsonValueKind kb = vb.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
                {
                    return va.GetValue<double>().CompareTo(vb.GetValue<double>());
                }

                if (ka == JsonValueKind.String && kb == JsonValueKind.String)
                {
                    string sa = va.GetValue<string>();
                    string sb = vb.GetValue<string>();
                    if (LooksLikeDate(sa) && LooksLikeDate(sb) && TryDate(sa, out var da) && TryDate(sb, out var db))
                    {
                        return da.CompareTo(db);
                    }

                    return string.Compare(sa, sb, StringComparison.OrdinalIgnoreCase);
                }

                bool? ba = ka == JsonValueKind.True ? true : ka == JsonValueKind.False ? false : null;
                bool? bb = kb == JsonValueKind.True ? true : kb == JsonValueKind.False ? false : null;
                if (ba.HasValue && bb.HasValue)
                {
                    return ba.Value.CompareTo(bb.Value);
                }
            }

            return string.Compare(a.ToJsonString(), b.ToJsonString(), StringComparison.Ordinal);
        }

        /// <summary>Case-insensitive property lookup.</summary>
        public static JsonNode? Get(JsonObject obj, string name)
        {
            if (obj.TryGetPropertyValue(name, out JsonNode? exact))
            {
                return exact;
            }

            foreach (var (key, value) in obj)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }
}
