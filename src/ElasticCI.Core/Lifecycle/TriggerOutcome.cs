using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

/// <summary>The states of a trigger job: the coordinator creates a build of another pipeline and follows it.</summary>
internal static class TriggerOutcome
{
    /// <summary>
    /// After the trigger tried to create its build. No build (it could not create one): failed. Async: passed once the
    /// build exists. Otherwise running until the triggered build finishes.
    /// </summary>
    public static (JobState State, int? ExitStatus, bool Finished) OnStart(string? triggeredBuildId, bool async)
        => triggeredBuildId is null ? (JobState.Failed, -1, true)
            : async ? (JobState.Passed, 0, true)
            : (JobState.Running, null, false);

    /// <summary>The triggered build finished: the trigger job passes with it, and fails otherwise.</summary>
    public static (JobState State, int ExitStatus) OnTriggeredBuildFinished(string buildState)
        => buildState == BuildState.Passed.ToName() ? (JobState.Passed, 0) : (JobState.Failed, 1);
}
