namespace ElasticCI.InJob;

/// <summary>Exit codes of the in-job commands (the same as the <c>elastic-ci</c> CLI's).</summary>
internal static class InJobExit
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
