using ElasticCI.Builds;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// Pipeline features the parser understands but the coordinator does not carry out yet. A build that needs one is
/// refused with a clear message rather than accepted and then left hanging or run wrongly (issue #3 tracks them).
/// </summary>
internal static class CoordinatorSupport
{
    public static List<string> Unsupported(BuildPlan plan, string fileName)
    {
        var errors = new List<string>();
        foreach (var job in plan.Jobs)
        {
            var step = job.StepKey ?? job.Label;
            var spec = job.Spec;
            var feature = job.Kind switch
            {
                JobKind.Trigger => "trigger steps",
                _ => null,
            };
            if (feature is not null)
            {
                errors.Add($"{fileName}: step '{step}': not supported yet by the coordinator: {feature}");
            }
        }
        return errors.Distinct(StringComparer.Ordinal).ToList();
    }
}
