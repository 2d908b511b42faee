namespace ElasticCI.Coordinator.Scaling;

/// <summary>Per stack: after a failed bootstrap, launches wait 2 s, doubling per consecutive failure up to 60 s.</summary>
internal sealed class LaunchBackoff
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, (int Failures, DateTimeOffset Until)> _stacks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool MayLaunch(string stack, DateTimeOffset now)
    {
        lock (_gate)
        {
            return !_stacks.TryGetValue(stack, out var state) || now >= state.Until;
        }
    }

    /// <summary>Records a failure; returns how long launches of <paramref name="stack"/> now wait.</summary>
    public TimeSpan Failed(string stack, DateTimeOffset now)
    {
        lock (_gate)
        {
            var failures = _stacks.TryGetValue(stack, out var state) ? state.Failures + 1 : 1;
            var wait = TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, Math.Pow(2, failures)));
            _stacks[stack] = (failures, now + wait);
            return wait;
        }
    }

    public void Succeeded(string stack)
    {
        lock (_gate)
        {
            _stacks.Remove(stack);
        }
    }
}
