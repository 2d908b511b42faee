namespace ElasticCI.Simulator;

/// <summary>
/// Boot time of the n-th launch of a run, uniform in [min, max]. Drawn per launch index from its own stream, so both
/// policies' k-th instance boots equally fast whatever else differs between the runs.
/// </summary>
internal sealed class BootTimes(RangeSpec range, int seed)
{
    private readonly Random _random = Seeds.For(seed, Seeds.Boots);
    private readonly List<TimeSpan> _drawn = [];

    public TimeSpan this[int launchIndex]
    {
        get
        {
            while (_drawn.Count <= launchIndex)
            {
                _drawn.Add(TimeSpan.FromSeconds(range.Min + (_random.NextDouble() * (range.Max - range.Min))));
            }
            return _drawn[launchIndex];
        }
    }
}
