using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Alerts;

/// <summary>
/// Reads alert query text into an <see cref="AlertQueryNode"/> by recursive descent over the grammar
/// <code>
/// query   = and END
/// and     = or { [ "AND" ] or }
/// or      = unary { "OR" unary }
/// unary   = [ "-" ] primary
/// primary = "(" and ")" | [ field ":" ] ( word | "\"" words "\"" ) | "source:" host
/// </code>
/// so OR binds tighter than AND, as in Google: <c>a b OR c</c> is <c>a AND (b OR c)</c>.
/// </summary>
internal sealed class AlertQueryParser
{
    private readonly string _query;
    private readonly List<Token> _tokens;
    private int _next;

    private AlertQueryParser(string query)
    {
        _query = query;
        _tokens = Lex(TextFolding.FoldQuotes(query));
    }

    private enum Kind
    {
        Word,
        Phrase,
        Field,
        Minus,
        Open,
        Close,
        And,
        Or,
        End,
    }

    private Token Peek => _tokens[_next];

    public static AlertQueryNode Parse(string query)
    {
        var parser = new AlertQueryParser(query);
        if (parser.Peek.Kind == Kind.End)
        {
            throw new AlertQueryException("a query needs at least one term to include", 0, "a word or a \"phrase\"");
        }

        var root = parser.ParseAnd();
        if (parser.Peek.Kind == Kind.Close)
        {
            throw new AlertQueryException("unbalanced parenthesis", parser.Peek.Position, "no closing parenthesis without an opening one");
        }

        return root;
    }

    private AlertQueryNode ParseAnd()
    {
        var start = Peek.Position;
        var children = new List<AlertQueryNode>();
        while (Peek.Kind is not (Kind.End or Kind.Close))
        {
            if (Peek.Kind is Kind.And or Kind.Or)
            {
                var op = Take();
                if (children.Count == 0)
                {
                    throw new AlertQueryException($"expected a term before {Name(op.Kind)}", op.Position, "a term");
                }

                ExpectTermAfter(op);
            }

            var child = ParseOr();
            if (child is AlertAnd nested)
            {
                children.AddRange(nested.Children);
            }
            else
            {
                children.Add(child);
            }
        }

        if (children.Count == 0)
        {
            throw new AlertQueryException("expected a term", Peek.Position, "a term");
        }

        if (children.All(c => c is AlertNot))
        {
            throw new AlertQueryException("a query needs at least one term to include", start, "a term that is not an exclusion");
        }

        return children.Count == 1 ? children[0] : new AlertAnd(children);
    }

    private AlertQueryNode ParseOr()
    {
        var firstAt = Peek.Position;
        var first = ParseUnary();
        if (Peek.Kind != Kind.Or)
        {
            return first;
        }

        if (first is AlertNot)
        {
            throw new AlertQueryException("an exclusion cannot be an OR alternative", firstAt, "a term to include");
        }

        var alternatives = new List<AlertQueryNode>();
        Add(first);
        while (Peek.Kind == Kind.Or)
        {
            var op = Take();
            ExpectTermAfter(op);
            var position = Peek.Position;
            var alternative = ParseUnary();
            if (alternative is AlertNot)
            {
                throw new AlertQueryException("an exclusion cannot be an OR alternative", position, "a term to include");
            }

            Add(alternative);
        }

        return new AlertOr(alternatives);

        void Add(AlertQueryNode node)
        {
            if (node is AlertOr nested)
            {
                alternatives.AddRange(nested.Children);
            }
            else
            {
                alternatives.Add(node);
            }
        }
    }

    private AlertQueryNode ParseUnary()
    {
        if (Peek.Kind != Kind.Minus)
        {
            return ParsePrimary();
        }

        var minus = Take();
        if (Peek.Kind is not (Kind.Word or Kind.Phrase or Kind.Field or Kind.Open) || Peek.Position != minus.Position + 1)
        {
            throw new AlertQueryException("expected a term after -", minus.Position + 1, "a word, a \"phrase\" or a (group) to exclude");
        }

        return new AlertNot(ParsePrimary());
    }

    private AlertQueryNode ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case Kind.Open:
                if (Peek.Kind == Kind.Close)
                {
                    throw new AlertQueryException("expected a term after (", Peek.Position, "a term inside the parentheses");
                }

                if (Peek.Kind == Kind.End)
                {
                    throw new AlertQueryException("unbalanced parenthesis", token.Position, "a closing parenthesis");
                }

                var inner = ParseAnd();
                if (Peek.Kind != Kind.Close)
                {
                    throw new AlertQueryException("unbalanced parenthesis", token.Position, "a closing parenthesis");
                }

                Take();
                return inner;
            case Kind.Word:
                return new AlertTerm(AlertField.Any, string.Join(' ', AlertText.Words(token.Text)), Exact: false);
            case Kind.Phrase:
                return Phrase(AlertField.Any, token);
            case Kind.Field:
                return ParseFielded(token);
            default:
                throw new AlertQueryException($"expected a term, not {Name(token.Kind)}", token.Position, "a term");
        }
    }

    private AlertQueryNode ParseFielded(Token field)
    {
        var valueAt = field.End;
        if (Peek.Kind is not (Kind.Word or Kind.Phrase) || Peek.Position != valueAt)
        {
            throw new AlertQueryException($"expected a term after {field.Text}:", valueAt, "a word or a \"phrase\" right after the colon");
        }

        var value = Take();
        if (field.Text == "source")
        {
            return AlertText.Host(value.Text) is { } host
                ? new AlertSource(host)
                : throw new AlertQueryException("expected a host name after source:", value.Position, "a host name such as reuters.com");
        }

        var name = field.Text switch
        {
            "title" => AlertField.Title,
            "body" => AlertField.Body,
            _ => AlertField.Keyword,
        };
        return value.Kind == Kind.Phrase
            ? Phrase(name, value)
            : new AlertTerm(name, string.Join(' ', AlertText.Words(value.Text)), Exact: false);
    }

    private static AlertTerm Phrase(AlertField field, Token token)
    {
        var words = AlertText.Words(token.Text);
        return words.Count == 0
            ? throw new AlertQueryException("expected words inside the quotes", token.Position, "a word between the quotes")
            : new AlertTerm(field, string.Join(' ', words), Exact: true);
    }

    private void ExpectTermAfter(Token op)
    {
        if (Peek.Kind is Kind.End or Kind.Close or Kind.And or Kind.Or)
        {
            throw new AlertQueryException($"expected a term after {Name(op.Kind)}", Peek.Position, "a term");
        }
    }

    private Token Take() => _tokens[_next++];

    private static string Name(Kind kind) => kind switch
    {
        Kind.And => "AND",
        Kind.Or => "OR",
        Kind.Close => "')'",
        Kind.End => "the end",
        _ => kind.ToString(),
    };

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c == '(' ? Kind.Open : Kind.Close, i, c.ToString()));
                i++;
            }
            else if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new AlertQueryException("unterminated quote", i, "a closing quote");
                }

                tokens.Add(new Token(Kind.Phrase, i, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (c == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != ')')
            {
                tokens.Add(new Token(Kind.Minus, i, "-"));
                i++;
            }
            else
            {
                i = LexBare(text, i, tokens);
            }
        }

        tokens.Add(new Token(Kind.End, text.Length, string.Empty));
        return tokens;
    }

    private static int LexBare(string text, int start, List<Token> tokens)
    {
        var stop = start;
        while (stop < text.Length && !char.IsWhiteSpace(text[stop]) && text[stop] is not ('(' or ')' or '"'))
        {
            stop++;
        }

        var raw = text[start..stop];
        if (raw is "AND" or "OR")
        {
            tokens.Add(new Token(raw == "AND" ? Kind.And : Kind.Or, start, raw));
            return stop;
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && raw[..colon].All(char.IsAsciiLetter))
        {
            var name = raw[..colon].ToLowerInvariant() switch
            {
                "keywords" => "keyword",
                var n => n,
            };
            if (name is "title" or "keyword" or "body" or "source")
            {
                tokens.Add(new Token(Kind.Field, start, name, start + colon + 1));
                if (name == "source" && colon + 1 < raw.Length)
                {
                    // A host is taken whole, dots, slashes and all, so that a pasted URL works.
                    tokens.Add(new Token(Kind.Word, start + colon + 1, raw[(colon + 1)..]));
                    return stop;
                }

                return start + colon + 1;
            }

            if (colon < raw.Length - 1)
            {
                throw new AlertQueryException($"unknown field '{raw[..(colon + 1)]}'", start, "one of title:, keyword:, body: or source:");
            }
        }

        // A run of punctuation alone ("&", "|", "...") has no words and is ignored, as before.
        if (AlertText.Words(raw).Count > 0)
        {
            tokens.Add(new Token(Kind.Word, start, raw));
        }

        return stop;
    }

    /// <param name="End">Just past the token: for a field, the index after its colon.</param>
    private readonly record struct Token(Kind Kind, int Position, string Text, int End = 0);
}
