using System.Text;

namespace ElasticCI.Agent.Logs;

/// <summary>
/// Replaces secret values with <c>[REDACTED]</c> in a byte stream, also when a value is split across writes:
/// the longest tail of the data that could still be the start of a secret is held back until the next write
/// (or <see cref="Flush"/>). Everything else passes through at once, so streaming is not delayed.
/// One instance per job output stream: <see cref="Write"/> and <see cref="Flush"/> from one thread; <see cref="Add"/>
/// (values of variables set during the job) from any thread.
/// </summary>
internal sealed class Redactor
{
    /// <summary>The Buildkite agent does not redact values shorter than this (they would mask ordinary words).</summary>
    public const int MinimumLength = 6;

    /// <summary>The Buildkite agent's default <c>redacted-vars</c> name patterns.</summary>
    public static readonly IReadOnlyList<string> DefaultPatterns =
        ["*_PASSWORD", "*_SECRET", "*_TOKEN", "*_PRIVATE_KEY", "*_SSH_KEY", "*_ACCESS_KEY", "*_SECRET_KEY", "*_CONNECTION_STRING", "*_API_KEY"];

    private static readonly byte[] Replacement = "[REDACTED]"u8.ToArray();
    private readonly Lock _adding = new();
    // Swapped whole (never changed in place), so a write in progress sees either the old or the new list.
    private volatile byte[][] _secrets;
    private readonly List<byte> _pending = [];

    public Redactor(IEnumerable<string> secrets)
    {
        _secrets = Prepare(secrets);
    }

    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>Redacts <paramref name="secrets"/> too from now on (e.g. a job's <c>buildkite-agent env set</c> of a <c>*_TOKEN</c>).</summary>
    public void Add(IEnumerable<string> secrets)
    {
        lock (_adding)
        {
            _secrets = Prepare(_secrets.Select(Encoding.UTF8.GetString).Concat(secrets));
        }
    }

    /// <summary>The values of variables whose names match any of <paramref name="patterns"/> (globs with <c>*</c>).</summary>
    public static IEnumerable<string> SecretsOf(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> patterns)
        => environment.Where(kv => patterns.Any(p => Matches(p, kv.Key))).Select(kv => kv.Value);

    /// <summary>Takes more output; returns what can be written now, redacted.</summary>
    public byte[] Write(ReadOnlySpan<byte> data)
    {
        if (_secrets.Length == 0)
        {
            return data.ToArray();
        }
        _pending.AddRange(data);
        return Drain(final: false);
    }

    /// <summary>No more output is coming: returns whatever was held back, redacted.</summary>
    public byte[] Flush() => _secrets.Length == 0 && _pending.Count == 0 ? [] : Drain(final: true);

    private static byte[][] Prepare(IEnumerable<string> secrets)
        => [.. secrets.Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes).OrderByDescending(b => b.Length)];

    private byte[] Drain(bool final)
    {
        var input = _pending.ToArray();
        var output = new List<byte>(input.Length);
        var position = 0;
        while (position < input.Length)
        {
            var matched = MatchAt(input, position);
            if (matched > 0)
            {
                output.AddRange(Replacement);
                position += matched;
                continue;
            }
            if (!final && CouldStartSecret(input, position))
            {
                // The rest may be the beginning of a secret whose end has not arrived yet.
                break;
            }
            output.Add(input[position]);
            position++;
        }
        _pending.Clear();
        _pending.AddRange(input.AsSpan(position));
        return [.. output];
    }

    private int MatchAt(byte[] input, int position)
    {
        foreach (var secret in _secrets)
        {
            if (input.AsSpan(position).StartsWith(secret))
            {
                return secret.Length;
            }
        }
        return 0;
    }

    /// <summary>True when everything from <paramref name="position"/> to the end is a proper prefix of some secret.</summary>
    private bool CouldStartSecret(byte[] input, int position)
    {
        var rest = input.AsSpan(position);
        foreach (var secret in _secrets)
        {
            if (secret.Length > rest.Length && secret.AsSpan().StartsWith(rest))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(string pattern, string name)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }
        var parts = pattern.Split('*');
        if (!name.StartsWith(parts[0], StringComparison.Ordinal) || !name.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }
        var index = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], index, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            index = found + parts[i].Length;
        }
        return index <= name.Length - parts[^1].Length;
    }
}
