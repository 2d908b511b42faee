using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines.Conditionals;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>, comparison
/// (<c>== != =~ !~ includes</c>, not chainable), unary <c>!</c>, primary.
/// </summary>
internal sealed class IfParser
{
    private const int MaxDepth = 64;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly List<IfToken> _tokens;
    private int _next;
    private int _depth;

    private IfParser(List<IfToken> tokens) => _tokens = tokens;

    private IfToken Current => _tokens[_next];

    public static IfNode Parse(string text)
    {
        var parser = new IfParser(IfTokenizer.Tokenize(text));
        if (parser.Current.Kind == IfTokenKind.End)
        {
            throw new IfSyntaxException(0, "expression is empty");
        }

        var node = parser.ParseOr();
        if (parser.Current.Kind != IfTokenKind.End)
        {
            throw new IfSyntaxException(parser.Current.Position, $"unexpected {Describe(parser.Current)}");
        }

        return node;
    }

    private IfNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = new IfBinary("||", left, ParseAnd());
        }

        return left;
    }

    private IfNode ParseAnd()
    {
        var left = ParseComparison();
        while (Accept("&&"))
        {
            left = new IfBinary("&&", left, ParseComparison());
        }

        return left;
    }

    private IfNode ParseComparison()
    {
        var left = ParseUnary();
        var token = Current;
        if (token is { Kind: IfTokenKind.Operator, Text: "==" or "!=" })
        {
            _next++;
            return new IfBinary(token.Text, left, ParseUnary());
        }

        if (token is { Kind: IfTokenKind.Operator, Text: "=~" or "!~" })
        {
            _next++;
            var regex = Current;
            if (regex.Kind != IfTokenKind.Regex)
            {
                throw new IfSyntaxException(regex.Position, $"expected a regular expression /…/ after '{token.Text}', got {Describe(regex)}");
            }

            _next++;
            return new IfBinary(token.Text, left, Compile(regex));
        }

        if (token is { Kind: IfTokenKind.Identifier, Text: "includes" })
        {
            _next++;
            return new IfBinary("includes", left, ParseUnary());
        }

        return left;
    }

    private IfNode ParseUnary()
    {
        if (Accept("!"))
        {
            return new IfNot(Enter(ParseUnary));
        }

        return ParsePrimary();
    }

    private IfNode ParsePrimary()
    {
        var token = Current;
        _next++;
        switch (token.Kind)
        {
            case IfTokenKind.String:
                return new IfLiteral(token.Text);
            case IfTokenKind.Number:
                return long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? new IfLiteral(number)
                    : throw new IfSyntaxException(token.Position, $"number '{token.Text}' is too large");
            case IfTokenKind.Operator when token.Text == "(":
                var inner = Enter(ParseOr);
                Expect(")", token);
                return inner;
            case IfTokenKind.Operator when token.Text == "[":
                return ParseArray(token);
            case IfTokenKind.Identifier:
                return ParseIdentifier(token);
            case IfTokenKind.Regex:
                throw new IfSyntaxException(token.Position, "a regular expression may only follow '=~' or '!~'");
            default:
                throw new IfSyntaxException(token.Position, $"expected a value, got {Describe(token)}");
        }
    }

    private IfNode ParseIdentifier(IfToken token)
    {
        switch (token.Text)
        {
            case "true":
                return new IfLiteral(true);
            case "false":
                return new IfLiteral(false);
            case "null":
                return new IfLiteral(null);
            case "build.env":
                Expect("(", token);
                var name = Current;
                if (name.Kind != IfTokenKind.String)
                {
                    throw new IfSyntaxException(name.Position, $"build.env expects a quoted variable name, got {Describe(name)}");
                }

                _next++;
                Expect(")", token);
                return new IfEnvCall(name.Text);
            default:
                if (!IfVariables.IsKnown(token.Text))
                {
                    throw new IfSyntaxException(token.Position, $"unknown variable '{token.Text}'");
                }

                return new IfVariable(token.Text);
        }
    }

    private IfLiteral ParseArray(IfToken open)
    {
        var values = new List<object?>();
        while (!Accept("]"))
        {
            if (values.Count > 0)
            {
                Expect(",", open);
            }

            if (ParsePrimary() is not IfLiteral literal)
            {
                throw new IfSyntaxException(_tokens[_next - 1].Position, "list entries must be literals");
            }

            values.Add(literal.Value);
        }

        return new IfLiteral(values);
    }

    private static IfRegex Compile(IfToken token)
    {
        var options = RegexOptions.CultureInvariant | (token.Flags.Contains('i', StringComparison.Ordinal) ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new IfRegex(token.Text, new Regex(token.Text, options, RegexTimeout));
        }
        catch (ArgumentException ex)
        {
            throw new IfSyntaxException(token.Position, $"invalid regular expression /{token.Text}/: {ex.Message}");
        }
    }

    private IfNode Enter(Func<IfNode> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new IfSyntaxException(Current.Position, $"expression is nested more than {MaxDepth} levels deep");
        }

        var node = parse();
        _depth--;
        return node;
    }

    private bool Accept(string op)
    {
        if (Current is { Kind: IfTokenKind.Operator } token && token.Text == op)
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(string op, IfToken opening)
    {
        if (!Accept(op))
        {
            throw new IfSyntaxException(Current.Position, $"expected '{op}' to match '{opening.Text}' at column {opening.Position + 1}, got {Describe(Current)}");
        }
    }

    private static string Describe(IfToken token) => token.Kind switch
    {
        IfTokenKind.End => "the end of the expression",
        IfTokenKind.String => $"string \"{token.Text}\"",
        IfTokenKind.Regex => $"/{token.Text}/",
        _ => $"'{token.Text}'",
    };
}
