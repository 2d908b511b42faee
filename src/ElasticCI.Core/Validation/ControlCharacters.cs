using System.Globalization;

namespace ElasticCI.Validation;

/// <summary>
/// The one rule for control characters in anything that crosses a trust boundary (API fields, pipeline documents,
/// trigger builds, meta-data, agent fields). NUL is never accepted: it ends a string in every C interface a value may
/// reach (argv, environ, file names). Other C0 controls are refused too, except that free text (a message, a command,
/// an env value) may contain tab, newline and carriage return.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>Whether a field holds one line (a branch, a name, a key) or free text (a message, a value).</summary>
    public enum Kind
    {
        /// <summary>No C0 control at all, tab and newline included.</summary>
        Line,

        /// <summary>Tab, newline and carriage return allowed; every other C0 control refused.</summary>
        Text,

        /// <summary>Only NUL refused (input that is never stored or run as it is, such as an interpolation source).</summary>
        NulOnly,
    }

    /// <summary>The index of the first refused character of <paramref name="value"/>, or -1 when there is none.</summary>
    public static int FindRefused(string? value, Kind kind)
    {
        if (value is null)
        {
            return -1;
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (IsRefused(value[i], kind))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether <paramref name="c"/> is refused in a field of this kind.</summary>
    public static bool IsRefused(char c, Kind kind) => kind switch
    {
        Kind.NulOnly => c == '\0',
        Kind.Text => c < ' ' && c is not ('\t' or '\n' or '\r'),
        _ => c < ' ',
    };

    /// <summary>The problem naming <paramref name="field"/> when its value holds a refused character, else null.</summary>
    public static string? Check(string field, string? value, Kind kind)
    {
        var at = FindRefused(value, kind);
        return at < 0 ? null : Problem(field, value![at], at, kind);
    }

    /// <summary>Adds one problem per refused name or value of <paramref name="map"/> (names are one line, values free text).</summary>
    public static void CheckMap(string field, IEnumerable<KeyValuePair<string, string>>? map, List<string> errors)
    {
        foreach (var (name, value) in map ?? [])
        {
            if (Check($"{field} name", name, Kind.Line) is { } badName)
            {
                errors.Add(badName);
            }
            else if (Check($"{field}.{name}", value, Kind.Text) is { } badValue)
            {
                errors.Add(badValue);
            }
        }
    }

    /// <summary>The words for a refused character: "NUL (U+0000)", "tab (U+0009)", "U+001B".</summary>
    public static string Describe(char c) => c switch
    {
        '\0' => "NUL (U+0000)",
        '\t' => "tab (U+0009)",
        '\n' => "newline (U+000A)",
        '\r' => "carriage return (U+000D)",
        _ => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
    };

    private static string Problem(string field, char c, int at, Kind kind)
    {
        var allowed = kind == Kind.Text ? " (only tab, newline and carriage return are allowed)" : "";
        return $"{field} contains the control character {Describe(c)} at position {at}; control characters are not allowed{allowed}";
    }
}
