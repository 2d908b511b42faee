using System.Text;

namespace ElasticCI.Pipelines.Conditionals;

/// <summary>Splits an <c>if</c> expression into tokens; <c>// comments</c> run to the end of the line.</summary>
internal static class IfTokenizer
{
    private static readonly string[] Operators = ["==", "!=", "=~", "!~", "&&", "||", "!", "(", ")", ",", "[", "]"];

    public static List<IfToken> Tokenize(string text)
    {
        var tokens = new List<IfToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && tokens.Count > 0 && tokens[^1] is { Kind: IfTokenKind.Operator, Text: "=~" or "!~" })
            {
                tokens.Add(ReadRegex(text, ref i));
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new IfToken(IfTokenKind.Number, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new IfToken(IfTokenKind.Identifier, text[start..i], start));
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new IfToken(IfTokenKind.Operator, op, i));
                i += op.Length;
            }
            else
            {
                throw new IfSyntaxException(i, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new IfToken(IfTokenKind.End, "", text.Length));
        return tokens;
    }

    private static IfToken ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                value.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            throw new IfSyntaxException(start, "unterminated string");
        }

        i++;
        return new IfToken(IfTokenKind.String, value.ToString(), start);
    }

    private static IfToken ReadRegex(string text, ref int i)
    {
        var start = i++;
        var pattern = new StringBuilder();
        while (i < text.Length && text[i] != '/')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                // "\/" is a literal slash; every other escape is the regex engine's business.
                if (text[i + 1] != '/')
                {
                    pattern.Append('\\');
                }

                i++;
            }

            pattern.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new IfSyntaxException(start, "unterminated regular expression");
        }

        i++;
        var flagsStart = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            if (text[i] != 'i')
            {
                throw new IfSyntaxException(i, $"unknown regular expression flag '{text[i]}' (only 'i' is supported)");
            }

            i++;
        }

        return new IfToken(IfTokenKind.Regex, pattern.ToString(), start, text[flagsStart..i]);
    }
}
