using System.Globalization;
using System.Text;

namespace ElasticCI.Pipelines.Interpolation;

/// <summary>
/// Expands environment references the way <c>buildkite-agent pipeline upload</c> does: <c>$VAR</c>, <c>${VAR}</c>,
/// <c>${VAR:-default}</c> (unset or empty), <c>${VAR-default}</c> (unset), <c>${VAR:?message}</c> / <c>${VAR?message}</c>
/// (fail), <c>${VAR:offset}</c> and <c>${VAR:offset:length}</c> (substring; a negative offset needs a space,
/// <c>${VAR: -3}</c>). <c>$$</c> and <c>\$</c> escape a dollar so the shell sees it at run time. Unset variables
/// expand to "". Defaults and messages are themselves expanded.
/// </summary>
internal static class Interpolator
{
    /// <summary>The expanded text; throws <see cref="InterpolationException"/> for <c>?</c> failures and bad syntax.</summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (c != '$')
            {
                output.Append(c);
                i++;
            }
            else if (i + 1 < text.Length && text[i + 1] == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i = ExpandBraced(text, i, environment, output);
            }
            else if (i + 1 < text.Length && IsNameStart(text[i + 1]))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                output.Append(environment.TryGetValue(text[(i + 1)..end], out var value) ? value : "");
                i = end;
            }
            else
            {
                output.Append('$');
                i++;
            }
        }

        return output.ToString();
    }

    /// <summary>Expands the <c>${…}</c> starting at <paramref name="start"/>; returns the index after its closing brace.</summary>
    private static int ExpandBraced(string text, int start, IReadOnlyDictionary<string, string> environment, StringBuilder output)
    {
        var close = FindClosingBrace(text, start + 2);
        if (close < 0)
        {
            throw new InterpolationException($"unterminated '${{' at offset {start}");
        }

        var body = text[(start + 2)..close];
        var nameEnd = 0;
        while (nameEnd < body.Length && (nameEnd == 0 ? IsNameStart(body[nameEnd]) : IsNamePart(body[nameEnd])))
        {
            nameEnd++;
        }

        if (nameEnd == 0)
        {
            throw new InterpolationException($"invalid variable name in '${{{body}}}'");
        }

        var name = body[..nameEnd];
        var rest = body[nameEnd..];
        var isSet = environment.TryGetValue(name, out var value);
        var isEmpty = string.IsNullOrEmpty(value);
        output.Append(rest switch
        {
            "" => value ?? "",
            _ when rest.StartsWith(":-", StringComparison.Ordinal) => isEmpty ? Interpolate(rest[2..], environment) : value,
            _ when rest.StartsWith(":?", StringComparison.Ordinal) => isEmpty ? Fail(name, rest[2..], environment) : value,
            _ when rest[0] == '-' => isSet ? value : Interpolate(rest[1..], environment),
            _ when rest[0] == '?' => isSet ? value : Fail(name, rest[1..], environment),
            _ when rest[0] == ':' => Substring(name, value ?? "", rest[1..]),
            _ => throw new InterpolationException($"invalid expansion '${{{body}}}'"),
        });
        return close + 1;
    }

    private static string Fail(string name, string message, IReadOnlyDictionary<string, string> environment)
    {
        var text = Interpolate(message, environment);
        throw new InterpolationException(text.Length == 0 ? $"${name}: not set" : $"${name}: {text}");
    }

    private static string Substring(string name, string value, string spec)
    {
        var parts = spec.Split(':');
        var length = int.MaxValue;
        if (parts.Length > 2 || !TryParseInt(parts[0], out var offset) || (parts.Length == 2 && !TryParseInt(parts[1], out length)))
        {
            throw new InterpolationException($"invalid substring expansion '${{{name}:{spec}}}'");
        }

        var from = offset < 0 ? Math.Max(0, value.Length + offset) : Math.Min(offset, value.Length);
        if (parts.Length == 1)
        {
            return value[from..];
        }

        var to = length < 0 ? Math.Max(from, value.Length + length) : Math.Min(value.Length, from + length);
        return value[from..to];
    }

    private static bool TryParseInt(string text, out int value)
        => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The index of the brace closing a <c>${</c> whose body starts at <paramref name="from"/>, allowing nested <c>${…}</c>.</summary>
    private static int FindClosingBrace(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
