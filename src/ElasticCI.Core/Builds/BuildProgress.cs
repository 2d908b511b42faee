using ElasticCI.Jobs;

namespace ElasticCI.Builds;

/// <summary>
/// The pure rules that move a build forward: which pending jobs become runnable or can never run,
/// and which state the build is in. Stores call it inside the transaction that changed a job.
/// </summary>
internal static class BuildProgress
{
    /// <summary>Pending jobs whose dependencies are all final: scheduled when they allow it, broken when a dependency failed.</summary>
    public static IReadOnlyList<(string JobId, JobState State)> Advance(IReadOnlyList<JobSnapshot> jobs, bool canceled)
    {
        var byId = jobs.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var changes = new List<(string, JobState)>();
        // One pass is not enough: a job broken now makes its own dependents broken too.
        var changed = true;
        var current = byId.ToDictionary(kv => kv.Key, kv => kv.Value.State, StringComparer.Ordinal);
        while (changed)
        {
            changed = false;
            foreach (var job in jobs)
            {
                if (current[job.Id] != JobState.Pending)
                {
                    continue;
                }
                JobState? next = canceled ? JobState.Canceled : Decide(job, byId, current);
                if (next is { } state)
                {
                    current[job.Id] = state;
                    changes.Add((job.Id, state));
                    changed = true;
                }
            }
        }
        return changes;
    }

    /// <summary>
    /// Jobs to cancel because the build is failing: once any job has failed hard, every job not yet finished that
    /// asked for <c>cancel_on_build_failing</c>.
    /// </summary>
    public static IReadOnlyList<string> CancelOnBuildFailing(IReadOnlyList<JobSnapshot> jobs)
    {
        var failing = jobs.Any(j => BuildTally.IsFailing(j.State, j.SoftFailed));
        return failing ? [.. jobs.Where(j => j.CancelOnBuildFailing && !j.State.IsTerminal()).Select(j => j.Id)] : [];
    }

    /// <summary>The build's state given its jobs' (already advanced) states.</summary>
    public static string Derive(IReadOnlyList<JobSnapshot> jobs, bool canceled) => Derive(BuildTally.Of(jobs), canceled);

    /// <summary>The build's state given the counts of its jobs' (already advanced) states.</summary>
    public static string Derive(BuildTally jobs, bool canceled)
    {
        var anyActive = jobs.OnAgent > 0;
        if (canceled)
        {
            return anyActive ? BuildState.Canceling.ToName() : BuildState.Canceled.ToName();
        }
        if (jobs.Terminal == jobs.Total)
        {
            return jobs.HardFailures > 0 ? BuildState.Failed.ToName() : BuildState.Passed.ToName();
        }
        // Held by a block/input job: nothing can move until a person unblocks it.
        if (!anyActive && jobs.Blocked > 0 && jobs.Terminal + jobs.Blocked + jobs.Pending == jobs.Total)
        {
            return jobs.FirstBlockedState switch
            {
                Pipelines.BlockedState.Failed => BuildState.Failed.ToName(),
                Pipelines.BlockedState.Running => BuildState.Running.ToName(),
                _ => BuildState.Blocked.ToName(),
            };
        }
        // Running once a job has started (or finished having run); jobs skipped or broken without running do not start
        // the build: it stays scheduled until one does (issue 13).
        if (anyActive || jobs.Terminal - jobs.NeverRan > 0)
        {
            return BuildState.Running.ToName();
        }
        // Only retries are waiting: the build ran before, so it is running again, not waiting to start.
        return jobs.Retried > 0 ? BuildState.Running.ToName() : BuildState.Scheduled.ToName();
    }

    /// <summary>
    /// One pending job's next state given its dependencies (current jobs of the build, by id; a dependency not among
    /// them counts as met), or null while it must wait. Incremental advancement calls it for the dependents of a job
    /// that just finished, instead of re-deciding the whole build.
    /// </summary>
    public static JobState? DecidePending(JobSnapshot job, IReadOnlyDictionary<string, JobSnapshot> dependencies)
    {
        var byId = dependencies.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var current = byId.ToDictionary(kv => kv.Key, kv => kv.Value.State, StringComparer.Ordinal);
        return Decide(job, byId, current);
    }

    private static JobState? Decide(JobSnapshot job, Dictionary<string, JobSnapshot> byId, Dictionary<string, JobState> current)
    {
        var allOk = true;
        for (var position = 0; position < job.DependsOn.Count; position++)
        {
            var dependencyId = job.DependsOn[position];
            if (!byId.TryGetValue(dependencyId, out var dependency))
            {
                continue;
            }
            var state = current[dependencyId];
            if (!state.IsTerminal())
            {
                return null;
            }
            var ok = state is JobState.Passed or JobState.Skipped || (state is JobState.Failed && dependency.SoftFailed);
            var failureAllowed = job.AllowDependencyFailure || job.AllowedFailureDependencies.Contains(position);
            allOk &= ok || job.ContinueOnFailure || failureAllowed;
        }
        if (!allOk)
        {
            return JobState.Broken;
        }
        // Block and input jobs wait for a person instead of an agent.
        return job.Kind is JobKind.Block or JobKind.Input ? JobState.Blocked : JobState.Scheduled;
    }
}
