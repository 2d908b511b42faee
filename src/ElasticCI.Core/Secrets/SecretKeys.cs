namespace ElasticCI.Secrets;

/// <summary>The rules every key and value must meet before any store touches it.</summary>
internal static class SecretKeys
{
    /// <summary>Longest accepted key, in characters.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Longest segment (between '/'), in UTF-8 bytes: a file name on common file systems.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Largest accepted value, in bytes (1 MiB).</summary>
    public const int MaxValueBytes = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule when <paramref name="key"/> is not acceptable.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Check(key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(key));
        }
    }

    /// <summary>The reason <paramref name="key"/> is refused, or null when it is acceptable.</summary>
    public static string? Check(string key)
    {
        if (key.Length == 0)
        {
            return "A secret key must not be empty.";
        }
        if (key.Length > MaxKeyLength)
        {
            return $"A secret key must be at most {MaxKeyLength} characters (this one has {key.Length}).";
        }
        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return $"A secret key must not contain control characters (found U+{(int)c:X4}).";
            }
        }
        if (key[0] == '/')
        {
            return "A secret key must be relative: it must not start with '/'.";
        }
        if (key.Contains('\\', StringComparison.Ordinal))
        {
            return "A secret key separates segments with '/', not '\\'.";
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "A secret key must not contain empty segments ('//' or a trailing '/').";
            }
            if (segment is "." or "..")
            {
                return $"A secret key must not contain '{segment}' segments.";
            }
            // A segment is a file or directory name in the local store; longer ones failed there as I/O errors (a 500).
            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"A secret key's segments must be at most {MaxSegmentBytes} bytes each.";
            }
        }
        return null;
    }

    /// <summary>Validates a listing prefix: "" for everything, otherwise a valid key followed by '/'.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException("A secret listing prefix must be empty or end with '/'.", nameof(prefix));
        }
        Validate(prefix[..^1]);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="value"/> is larger than <see cref="MaxValueBytes"/>.</summary>
    public static void ValidateValue(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException(
                $"A secret value must be at most {MaxValueBytes} bytes (1 MiB); this one has {value.Length} bytes.", nameof(value));
        }
    }
}
