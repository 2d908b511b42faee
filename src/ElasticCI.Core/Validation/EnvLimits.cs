using System.Globalization;
using System.Text;

namespace ElasticCI.Validation;

/// <summary>
/// The kernel's limit on one environment string: Linux refuses <c>execve</c> when any single <c>NAME=value</c> is
/// longer than <c>MAX_ARG_STRLEN</c> (32 pages, 131,072 bytes including its NUL), and the job would fail at start with
/// "Argument list too long". Such values are refused when they are submitted instead.
/// </summary>
internal static class EnvLimits
{
    /// <summary>MAX_ARG_STRLEN: 32 pages of 4 KiB.</summary>
    public const int MaxArgStringBytes = 32 * 4096;

    /// <summary>The problem naming <paramref name="field"/> when <c>name=value</c> is over the limit, else null.</summary>
    public static string? Check(string field, string name, string? value)
    {
        // Cheap first: a UTF-8 string is at most 3 bytes per UTF-16 unit.
        if (value is null || (name.Length + value.Length + 2) * 3 < MaxArgStringBytes)
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetByteCount(name) + 1 + Encoding.UTF8.GetByteCount(value) + 1;
        return bytes <= MaxArgStringBytes ? null : string.Create(CultureInfo.InvariantCulture,
            $"{field} is {bytes} bytes as NAME=value; one environment variable may be at most {MaxArgStringBytes} bytes (the kernel's per-argument limit MAX_ARG_STRLEN); pass large data as a file or an artifact");
    }

    /// <summary>Adds one problem per entry of <paramref name="map"/> over the limit.</summary>
    public static void CheckMap(string field, IEnumerable<KeyValuePair<string, string>>? map, List<string> errors)
    {
        foreach (var (name, value) in map ?? [])
        {
            if (Check($"{field}.{name}", name, value) is { } problem)
            {
                errors.Add(problem);
            }
        }
    }
}
