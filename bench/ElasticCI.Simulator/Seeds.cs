namespace ElasticCI.Simulator;

/// <summary>
/// Independent, reproducible random streams from one seed: arrivals, durations, boot times and dispatch each get their
/// own, so changing one part of the model (say, the burst count) does not reshuffle the others.
/// </summary>
internal static class Seeds
{
    public const int Arrivals = 1;
    public const int Durations = 2;
    public const int Boots = 3;
    public const int Dispatch = 4;

    /// <summary>A SplitMix64 step over (seed, stream); string.GetHashCode and HashCode are randomised per process, so they would break reproducibility.</summary>
    public static Random For(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 8) + (ulong)stream + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return new Random((int)(z & 0x7FFFFFFF));
        }
    }
}
