using System.Globalization;

namespace ElasticCI.Scaling;

/// <summary>Parses an interruption notice length: <c>120</c> or <c>120s</c> (seconds), <c>2m</c> (minutes); 1 s to 1 h.</summary>
internal static class NoticeDuration
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = Default;
        error = "";
        if (text is null)
        {
            return true;
        }
        var trimmed = text.Trim();
        var (number, unit) = trimmed.EndsWith('m') ? (trimmed[..^1], 60) : trimmed.EndsWith('s') ? (trimmed[..^1], 1) : (trimmed, 1);
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = $"notice '{text}' is not a duration like 120s, 2m or 90";
            return false;
        }
        duration = TimeSpan.FromSeconds((long)value * unit);
        if (duration < TimeSpan.FromSeconds(1) || duration > Max)
        {
            error = $"notice '{text}' must be between 1s and 60m";
            return false;
        }
        return true;
    }
}
