namespace ElasticCI.Protocol;

/// <summary>
/// The states, as the API names them, after which a build or a job changes no more: clients ask here instead of
/// listing the states themselves. A test keeps these in step with the coordinator's own rules.
/// </summary>
public static class TerminalStates
{
    /// <summary>True for <c>passed</c>, <c>failed</c> and <c>canceled</c> builds.</summary>
    public static bool IsBuildFinished(string state) => state is "passed" or "failed" or "canceled";

    /// <summary>True for <c>passed</c>, <c>failed</c>, <c>canceled</c>, <c>timed_out</c>, <c>lost</c>, <c>broken</c> and <c>skipped</c> jobs.</summary>
    public static bool IsJobFinished(string state) => state is "passed" or "failed" or "canceled" or "timed_out" or "lost" or "broken" or "skipped";

    /// <summary>True for a <c>terminated</c> instance (<c>pending</c>, <c>running</c>, <c>draining</c> and <c>terminating</c> ones still count).</summary>
    public static bool IsInstanceGone(string state) => state is "terminated";

    /// <summary>True for a build that finished <c>passed</c>: the one outcome a watching client exits 0 for.</summary>
    public static bool IsBuildPassed(string state) => state is "passed";
}
