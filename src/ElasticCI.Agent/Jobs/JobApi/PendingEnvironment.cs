using ElasticCI.Agent.Jobs.Hooks;

namespace ElasticCI.Agent.Jobs.JobApi;

/// <summary>
/// What <c>buildkite-agent env set|unset</c> changed while a step runs. The job's environment itself is only touched
/// between steps by the lifecycle (<see cref="ApplyTo"/>); requests arrive on the job API's threads and see the
/// environment of the running step with these changes on top. Thread-safe.
/// </summary>
internal sealed class PendingEnvironment
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string?> _changes = new(StringComparer.Ordinal);
    private Dictionary<string, string> _base = new(StringComparer.Ordinal);

    /// <summary>Records the environment the next step starts with, which <see cref="Get"/> reads from.</summary>
    public void Snapshot(IReadOnlyDictionary<string, string> environment)
    {
        var copy = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        lock (_lock)
        {
            _base = copy;
        }
    }

    /// <summary>The current environment with pending changes; only <paramref name="names"/> when any are given.</summary>
    public Dictionary<string, string> Get(IReadOnlyCollection<string> names)
    {
        lock (_lock)
        {
            var current = Current();
            return names.Count == 0 ? current : current.Where(pair => names.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>Called with the values of every accepted <see cref="Set"/>, before the request is answered.</summary>
    public Action<IReadOnlyDictionary<string, string>>? ValuesSet { get; set; }

    /// <summary>Records <paramref name="values"/>; nothing when any name is invalid or protected (all reasons are returned).</summary>
    public List<string> Set(IReadOnlyDictionary<string, string> values)
    {
        var errors = Check(values.Keys);
        errors.AddRange(values.Where(pair => pair.Value.Contains('\0', StringComparison.Ordinal)).Select(pair => $"The value of {pair.Key} contains a NUL byte"));
        if (errors.Count == 0)
        {
            lock (_lock)
            {
                foreach (var (name, value) in values)
                {
                    _changes[name] = value;
                }
            }
            ValuesSet?.Invoke(values);
        }
        return errors;
    }

    /// <summary>Records the removal of <paramref name="names"/>; nothing when any is invalid or protected.</summary>
    public List<string> Unset(IReadOnlyCollection<string> names)
    {
        var errors = Check(names);
        if (errors.Count == 0)
        {
            lock (_lock)
            {
                foreach (var name in names)
                {
                    _changes[name] = null;
                }
            }
        }
        return errors;
    }

    /// <summary>Moves the pending changes into <paramref name="environment"/> (between steps) and returns how many there were.</summary>
    public int ApplyTo(Dictionary<string, string> environment)
    {
        lock (_lock)
        {
            foreach (var (name, value) in _changes)
            {
                if (value is null)
                {
                    environment.Remove(name);
                }
                else
                {
                    environment[name] = value;
                }
            }
            var count = _changes.Count;
            _changes.Clear();
            _base = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            return count;
        }
    }

    private Dictionary<string, string> Current()
    {
        var current = new Dictionary<string, string>(_base, StringComparer.Ordinal);
        foreach (var (name, value) in _changes)
        {
            if (value is null)
            {
                current.Remove(name);
            }
            else
            {
                current[name] = value;
            }
        }
        return current;
    }

    private static List<string> Check(IEnumerable<string> names)
    {
        var errors = new List<string>();
        foreach (var name in names)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"'{name}' is not a valid variable name");
            }
            else if (EnvironmentChanges.Protected.Contains(name))
            {
                errors.Add($"{name} is protected: the agent sets it and a job may not change it");
            }
        }
        return errors;
    }
}
