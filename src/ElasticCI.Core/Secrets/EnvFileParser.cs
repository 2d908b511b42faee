using System.Text;

namespace ElasticCI.Secrets;

/// <summary>
/// Reads the shell-style env files the original hooks evaluate, without a shell: <c>export K=V</c>, <c>K=V</c>,
/// single quotes (literal, as in sh), double quotes (escapes <c>\" \\ \$ \` \n \t \r</c>, may span lines),
/// <c>#</c> comments and blank lines. Anything else is an error naming the file and line, never the value.
/// </summary>
internal static class EnvFileParser
{
    /// <summary>The assignments in file order (a name may repeat; the later one wins when applied).</summary>
    /// <exception cref="EnvFileFormatException">A line is not one of the accepted forms.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string fileName, string content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<KeyValuePair<string, string>>();
        var index = 0;
        while (index < lines.Length)
        {
            var startLine = index + 1;
            var line = lines[index].TrimStart(' ', '\t');
            index++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart(' ', '\t');
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new EnvFileFormatException(fileName, startLine, "expected NAME=VALUE (optionally prefixed by 'export').");
            }
            var name = line[..equals];
            if (!IsName(name))
            {
                throw new EnvFileFormatException(fileName, startLine,
                    "the variable name must be letters, digits and '_', not starting with a digit, with no space before '='.");
            }
            var rest = line[(equals + 1)..];
            string value;
            if (rest.StartsWith('"') || rest.StartsWith('\''))
            {
                value = ReadQuoted(fileName, startLine, rest, lines, ref index);
            }
            else
            {
                value = ReadUnquoted(fileName, startLine, rest);
            }
            result.Add(new KeyValuePair<string, string>(name, value));
        }
        return result;
    }

    private static string ReadUnquoted(string fileName, int lineNumber, string rest)
    {
        var end = rest.Length;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] is ' ' or '\t')
            {
                end = i;
                break;
            }
        }
        if (!IsTrailer(rest.AsSpan(end)))
        {
            throw new EnvFileFormatException(fileName, lineNumber, "an unquoted value must not contain spaces; quote it.");
        }
        var value = rest[..end];
        if (value.IndexOfAny(['"', '\'', '\\', '$', '`']) >= 0)
        {
            throw new EnvFileFormatException(fileName, lineNumber,
                "an unquoted value must not contain quotes, '\\', '$' or '`'; use single quotes for a literal value.");
        }
        return value;
    }

    // Reads from the opening quote, continuing onto following lines until the closing quote.
    private static string ReadQuoted(string fileName, int startLine, string rest, string[] lines, ref int index)
    {
        var quote = rest[0];
        var text = rest[1..];
        var value = new StringBuilder();
        while (true)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == quote)
                {
                    if (!IsTrailer(text.AsSpan(i + 1)))
                    {
                        throw new EnvFileFormatException(fileName, startLine, "unexpected text after the closing quote.");
                    }
                    return value.ToString();
                }
                if (quote == '"' && c == '\\' && i + 1 < text.Length)
                {
                    i++;
                    value.Append(text[i] switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '"' or '\\' or '$' or '`' => text[i],
                        _ => throw new EnvFileFormatException(fileName, startLine, $"unsupported escape '\\{text[i]}' in a double-quoted value."),
                    });
                    continue;
                }
                if (quote == '"' && c is '$' or '`')
                {
                    throw new EnvFileFormatException(fileName, startLine,
                        "expansion ('$' or '`') in a double-quoted value is not supported; escape it or use single quotes.");
                }
                value.Append(c);
            }
            if (index >= lines.Length)
            {
                throw new EnvFileFormatException(fileName, startLine, $"the value's opening {Describe(quote)} quote is never closed.");
            }
            value.Append('\n');
            text = lines[index];
            index++;
        }
    }

    private static bool IsTrailer(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimStart([' ', '\t']);
        return trimmed.IsEmpty || (trimmed[0] == '#' && trimmed.Length < text.Length);
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Describe(char quote) => quote == '"' ? "double" : "single";
}
