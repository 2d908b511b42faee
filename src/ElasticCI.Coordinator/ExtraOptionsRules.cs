namespace ElasticCI.Coordinator;

/// <summary>Checks of the options added for rolling updates, the global budget and the metrics API (kept apart from the main validator).</summary>
internal static class ExtraOptionsRules
{
    public static void Check(CoordinatorOptions options, List<string> failures)
    {
        if (options.MetricsPollDuration < TimeSpan.FromSeconds(1) || options.MetricsPollDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"MetricsPollDuration must be between 1 second and 1 hour, was {options.MetricsPollDuration}.");
        }
        Scaling.StackEnvironmentRules.Check(options.Stacks, "stacks", failures);
        if (options.MaxInstances is { } max && options.Stacks.Sum(s => s.Scaling.MinSize) > max)
        {
            failures.Add($"MaxInstances {max} is below the sum of the stacks' MinSize ({options.Stacks.Sum(s => s.Scaling.MinSize)}).");
        }
        if (options.MaxJobLogBytes < 1)
        {
            failures.Add($"MaxJobLogBytes (the per-job log cap) must be at least 1 byte, was {options.MaxJobLogBytes}.");
        }
        if (options.MaxJobsPerBuild < 1)
        {
            failures.Add($"MaxJobsPerBuild (the per-build job cap) must be at least 1, was {options.MaxJobsPerBuild}.");
        }
        if (options.ReplicaId is { } replica && !ElasticCI.Cluster.ReplicaIds.IsValid(replica))
        {
            failures.Add($"ReplicaId must be 1 to {ElasticCI.Cluster.ReplicaIds.MaxLength} letters, digits, '.', '_' or '-', was '{replica}'.");
        }
        if (options.MaxInstances is < 1)
        {
            failures.Add($"MaxInstances must be at least 1 when given, was {options.MaxInstances}.");
        }
    }
}
