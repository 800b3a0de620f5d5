using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>
    /// A small OData $filter interpreter: eq/ne/gt/ge/lt/le, in (...), and/or/not, parentheses,
    /// startswith/endswith/contains(path,'x'), and lambda any/all over collections
    /// (targetResources/any(t: t/userPrincipalName eq 'x'), methodsRegistered/any(m: m eq 'email')).
    /// String comparisons are case-insensitive, like Entra's directory.
    /// </summary>
    internal sealed class ODataFilter
    {
        private delegate bool Predicate(JsonObject root, Dictionary<string, JsonNode?> vars);

        private readonly Predicate _predicate;

        private ODataFilter(Predicate predicate, int orClauseCount)
        {
            _predicate = predicate;
            OrClauseCount = orClauseCount;
        }

        /// <summary>Number of OR-ed clauses (each value of an "in" list counts), for the directory's limit of 15.</summary>
        public int OrClauseCount { get; }

        public bool Matches(JsonObject item) => _predicate(item, new Dictionary<string, JsonNode?>(StringComparer.Ordinal));

        /// <summary>Parses a filter. knownProperties (case-insensitive) validates root property names; typeName is used in errors.</summary>
        public static ODataFilter Parse(string text, ICollection<string> knownProperties, string typeName)
        {
            var parser = new Parser(Tokenize(text), knownProperties, typeName);
            Predicate p = parser.ParseOr();
            if (!parser.AtEnd)
            {
                throw Invalid($"unexpected '{parser.PeekText}'");
            }

            return new ODataFilter(p, parser.OrClauses);
        }

        private static GraphException Invalid(string detail) =>
            new GraphException(400, "BadRequest", $"Invalid filter clause: {detail}.");

        private enum TokenKind
        {
            Word,
            String,
            Open,
            Close,
            Comma,
            Colon,
        }

        private readonly record struct Token(TokenKind Kind, string Text);

        private static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '(':
                        tokens.Add(new Token(TokenKind.Open, "("));
                        i++;
                        continue;
                    case ')':
                        tokens.Add(new Token(TokenKind.Close, ")"));
                        i++;
                        continue;
                    case ',':
                        tokens.Add(new Token(TokenKind.Comma, ","));
                        i++;
                        continue;
                    case ':':
                        tokens.Add(new Token(TokenKind.Colon, ":"));
                        i++;
                        continue;
                    case '\'':
                        {
                            var sb = new StringBuilder();
                            i++;
                            bool closed = false;
                            while (i < text.Length)
                            {
                                if (text[i] == '\'')
                                {
                                    if (i + 1 < text.Length && text[i + 1] == '\'')
                                    {
                                        sb.Append('\'');
                                        i += 2;
                                        continue;
                                    }

                                    closed = true;
                                    i++;
                                    break;
                                }

                                sb.Append(text[i]);
                                i++;
                            }

                            if (!closed)
                            {
                                throw Invalid("unterminated string literal");
                            }

                            tokens.Add(new Token(TokenKind.String, sb.ToString()));
                            continue;
                        }
                }

                int start = i;
                bool numeric = char.IsDigit(c) || c == '-';
                while (i < text.Length)
                {
                    char d = text[i];
                    if (char.IsWhiteSpace(d) || d == '(' || d == ')' || d == ',' || d == '\'' || (d == ':' && !numeric))
                    {
                        break;
                    }

                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text.Substring(start, i - start)));
            }

            return tokens;
        }

        private enum LiteralKind
        {
            Null,
            Bool,
            Number,
            Date,
            String,
        }

        private sealed record Literal(LiteralKind Kind, bool Bool, double Number, DateTimeOffset Date, string Text);

        private sealed class Parser
        {
            private readonly List<Token> _tokens;
            private readonly ICollection<string> _known;
            private readonly string _typeName;
            private readonly HashSet<string> _lambdaVars = new HashSet<string>(StringComparer.Ordinal);
            private int _pos;

            public Parser(List<Token> tokens, ICollection<string> known, string typeName)
            {
                _tokens = tokens;
                _known = known;
                _typeName = typeName;
            }

            public int OrClauses { get; private set; }

            public bool AtEnd => _pos >= _tokens.Count;

            public string PeekText => AtEnd ? "<end>" : _tokens[_pos].Text;

            private Token? Peek(int offset = 0) => _pos + offset < _tokens.Count ? _tokens[_pos + offset] : null;

            private bool PeekWord(string word)
            {
                Token? t = Peek();
                return t is { Kind: TokenKind.Word } && string.Equals(t.Value.Text, word, StringComparison.OrdinalIgnoreCase);
            }

            private Token Next()
            {
                if (AtEnd)
                {
                    throw Invalid("unexpected end of expression");
                }

                return _tokens[_pos++];
            }

            private void Expect(TokenKind kind)
            {
                Token t = Next();
                if (t.Kind != kind)
                {
                    throw Invalid($"expected {kind} but found '{t.Text}'");
                }
            }

            public Predicate ParseOr()
            {
                Predicate left = ParseAnd();
                if (!PeekWord("or"))
                {
                    return left;
                }

                var parts = new List<Predicate> { left };
                while (PeekWord("or"))
                {
                    _pos++;
                    parts.Add(ParseAnd());
                }

                OrClauses += parts.Count;
                Predicate[] all = parts.ToArray();
                return (root, vars) => all.Any(p => p(root, vars));
            }

            private Predicate ParseAnd()
            {
                Predicate left = ParseUnary();
                while (PeekWord("and"))
                {
                    _pos++;
                    Predicate l = left;
                    Predicate r = ParseUnary();
                    left = (root, vars) => l(root, vars) && r(root, vars);
                }

                return left;
            }

            private Predicate ParseUnary()
            {
                if (PeekWord("not"))
                {
                    _pos++;
                    Predicate inner = ParseUnary();
                    return (root, vars) => !inner(root, vars);
                }

                return ParsePrimary();
            }

            private Predicate ParsePrimary()
            {
                Token t = Next();
                if (t.Kind == TokenKind.Open)
                {
                    Predicate inner = ParseOr();
                    Expect(TokenKind.Close);
                    return inner;
                }

                if (t.Kind != TokenKind.Word)
                {
                    throw Invalid($"unexpected '{t.Text}'");
                }

                string word = t.Text;
                if (Peek() is { Kind: TokenKind.Open })
                {
                    if (word.EndsWith("/any", StringComparison.OrdinalIgnoreCase) || word.EndsWith("/all", StringComparison.OrdinalIgnoreCase))
                    {
                        return ParseLambda(word.Substring(0, word.Length - 4), word.EndsWith("/all", StringComparison.OrdinalIgnoreCase));
                    }

                    return ParseFunction(word);
                }

                string path = word;
                string[] segments = ResolvePath(path);
                Token opToken = Next();
                string op = opToken.Text.ToLowerInvariant();
                if (opToken.Kind != TokenKind.Word)
                {
                    throw Invalid($"expected an operator after '{path}'");
                }

                if (op == "in")
                {
                    Expect(TokenKind.Open);
                    var values = new List<Literal>();
                    while (true)
                    {
                        values.Add(ParseLiteral());
                        Token sep = Next();
                        if (sep.Kind == TokenKind.Close)
                        {
                            break;
                        }

                        if (sep.Kind != TokenKind.Comma)
                        {
                            throw Invalid($"expected ',' or ')' in 'in' list but found '{sep.Text}'");
                        }
                    }

                    OrClauses += values.Count;
                    Literal[] list = values.ToArray();
                    return (root, vars) =>
                    {
                        JsonNode? v = Resolve(root, vars, segments);
                        return list.Any(l => CompareOp(v, "eq", l));
                    };
                }

                if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
                {
                    throw Invalid($"unsupported operator '{opToken.Text}'");
                }

                Literal literal = ParseLiteral();
                return (root, vars) => CompareOp(Resolve(root, vars, segments), op, literal);
            }

            private Predicate ParseLambda(string collectionPath, bool all)
            {
                string[] segments = ResolvePath(collectionPath);
                Expect(TokenKind.Open);
                if (Peek() is { Kind: TokenKind.Close })
                {
                    _pos++;
                    return (root, vars) => Resolve(root, vars, segments) is JsonArray a && (all || a.Count > 0);
                }

                Token v = Next();
                if (v.Kind != TokenKind.Word)
                {
                    throw Invalid("expected a lambda variable");
                }

                Expect(TokenKind.Colon);
                string variable = v.Text;
                bool added = _lambdaVars.Add(variable);
                Predicate body = ParseOr();
                if (added)
                {
                    _lambdaVars.Remove(variable);
                }

                Expect(TokenKind.Close);
                return (root, vars) =>
                {
                    if (Resolve(root, vars, segments) is not JsonArray array)
                    {
                        return all;
                    }

                    JsonNode? saved = vars.TryGetValue(variable, out JsonNode? s) ? s : null;
                    bool hadSaved = vars.ContainsKey(variable);
                    try
                    {
                        foreach (JsonNode? element in array)
                        {
                            vars[variable] = element;
                            bool ok = body(root, vars);
                            if (all && !ok)
                            {
                                return false;
                            }

                            if (!all && ok)
                            {
                                return true;
                            }
                        }

                        return all;
                    }
                    finally
                    {
                        if (hadSaved)
                        {
                            vars[variable] = saved;
                        }
                        else
                        {
                            vars.Remove(variable);
                        }
                    }
                };
            }

            private Predicate ParseFunction(string name)
            {
                string fn = name.ToLowerInvariant();
                if (fn is not ("startswith" or "endswith" or "contains"))
                {
                    throw Invalid($"unsupported function '{name}'");
                }

                Expect(TokenKind.Open);
                Token pathToken = Next();
                if (pathToken.Kind != TokenKind.Word)
                {
                    throw Invalid($"expected a property in {name}()");
                }

                string[] segments = ResolvePath(pathToken.Text);
                Expect(TokenKind.Comma);
                Literal lit = ParseLiteral();
                Expect(TokenKind.Close);
                string needle = lit.Text;
                Predicate p = (root, vars) =>
                {
                    JsonNode? v = Resolve(root, vars, segments);
                    if (v is not JsonValue jv || jv.GetValueKind() != JsonValueKind.String)
                    {
                        return false;
                    }

                    string s = jv.GetValue<string>();
                    return fn switch
                    {
                        "startswith" => s.StartsWith(needle, StringComparison.OrdinalIgnoreCase),
                        "endswith" => s.EndsWith(needle, StringComparison.OrdinalIgnoreCase),
                        _ => s.Contains(needle, StringComparison.OrdinalIgnoreCase),
                    };
                };

                // "startswith(x,'a') eq true" is accepted too.
                if (PeekWord("eq") && Peek(1) is { Kind: TokenKind.Word } b &&
                    (string.Equals(b.Text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(b.Text, "false", StringComparison.OrdinalIgnoreCase)))
                {
                    _pos += 2;
                    bool expected = string.Equals(b.Text, "true", StringComparison.OrdinalIgnoreCase);
                    Predicate inner = p;
                    p = (root, vars) => inner(root, vars) == expected;
                }

                return p;
            }

            private string[] ResolvePath(string path)
            {
                string[] segments = path.Split('/');
                if (segments.Any(s => s.Length == 0))
                {
                    throw Invalid($"malformed property path '{path}'");
                }

                if (!_lambdaVars.Contains(segments[0]) && !_known.Contains(segments[0]))
                {
                    throw new GraphException(400, "BadRequest",
                        $"Could not find a property named '{segments[0]}' on type '{_typeName}'.");
                }

                return segments;
            }

            private Literal ParseLiteral()
            {
                Token t = Next();
                if (t.Kind == TokenKind.String)
                {
                    return new Literal(LiteralKind.String, false, 0, default, t.Text);
                }

                if (t.Kind != TokenKind.Word)
                {
                    throw Invalid($"expected a literal but found '{t.Text}'");
                }

                string w = t.Text;
                if (string.Equals(w, "null", StringComparison.OrdinalIgnoreCase))
                {
                    return new Literal(LiteralKind.Null, false, 0, default, w);
                }

                if (string.Equals(w, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(w, "false", StringComparison.OrdinalIgnoreCase))
                {
                    return new Literal(LiteralKind.Bool, string.Equals(w, "true", StringComparison.OrdinalIgnoreCase), 0, default, w);
                }

                if (w.Length >= 10 && w[4] == '-' && JsonCompare.TryDate(w, out DateTimeOffset date))
                {
                    return new Literal(LiteralKind.Date, false, 0, date, w);
                }

                if (double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    return new Literal(LiteralKind.Number, false, number, default, w);
                }

                if (Guid.TryParse(w, out _))
                {
                    return new Literal(LiteralKind.String, false, 0, default, w);
                }

                throw Invalid($"unrecognized literal '{w}'");
            }

            private static JsonNode? Resolve(JsonObject root, Dictionary<string, JsonNode?> vars, string[] segments)
            {
                JsonNode? node;
                int i;
                if (vars.TryGetValue(segments[0], out JsonNode? bound))
                {
                    node = bound;
                    i = 1;
                }
                else
                {
                    node = root;
                    i = 0;
                }

                for (; i < segments.Length; i++)
                {
                    if (node is not JsonObject obj)
                    {
                        return null;
                    }

                    node = JsonCompare.Get(obj, segments[i]);
                }

                return node;
            }

            private static bool CompareOp(JsonNode? value, string op, Literal literal)
            {
                if (literal.Kind == LiteralKind.Null)
                {
                    return op switch
                    {
                        "eq" => value is null,
                        "ne" => value is not null,
                        _ => false,
                    };
                }

                if (value is not JsonValue jv)
                {
                    return op == "ne";
                }

                int? cmp = null;
                JsonValueKind kind = jv.GetValueKind();
                switch (literal.Kind)
                {
                    case LiteralKind.Bool:
                        if (kind is JsonValueKind.True or JsonValueKind.False)
                        {
                            cmp = (kind == JsonValueKind.True).CompareTo(literal.Bool);
                        }

                        break;
                    case LiteralKind.Number:
                        if (kind == JsonValueKind.Number)
                        {
                            cmp = jv.GetValue<double>().CompareTo(literal.Number);
                        }

                        break;
                    case LiteralKind.Date:
                        if (kind == JsonValueKind.String && JsonCompare.TryDate(jv.GetValue<string>(), out DateTimeOffset d))
                        {
                            cmp = d.CompareTo(literal.Date);
                        }

                        break;
                    case LiteralKind.String:
                        if (kind == JsonValueKind.String)
                        {
                            cmp = string.Compare(jv.GetValue<string>(), literal.Text, StringComparison.OrdinalIgnoreCase);
                        }

                        break;
                }

                if (cmp is null)
                {
                    return op == "ne";
                }

                int c = cmp.Value;
                return op switch
                {
                    "eq" => c == 0,
                    "ne" => c != 0,
                    "gt" => c > 0,
                    "ge" => c >= 0,
                    "lt" => c < 0,
                    "le" => c <= 0,
                    _ => false,
                };
            }
        }
    }
}
