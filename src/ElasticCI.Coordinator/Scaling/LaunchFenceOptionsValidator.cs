using ElasticCI.Cluster;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>Checks <see cref="LaunchFenceOptions"/> against the lease of <paramref name="leadership"/>, collecting every failure.</summary>
internal sealed class LaunchFenceOptionsValidator(ILeadership leadership) : IValidateOptions<LaunchFenceOptions>
{
    public ValidateOptionsResult Validate(string? name, LaunchFenceOptions options)
    {
        var failures = new List<string>();
        if (options.TermMargin is { } margin)
        {
            if (margin <= TimeSpan.Zero)
            {
                failures.Add($"LaunchFence TermMargin must be positive, was {margin}.");
            }
            else if (leadership.LeaseDuration is { } lease && margin * 2 >= lease)
            {
                // A leader renews at least every third of its lease, so a healthy one has more than half left at almost any
                // moment; a margin of half or more would fence its own launches.
                failures.Add($"LaunchFence TermMargin must be less than half the lease ({lease}), was {margin}.");
            }
        }
        if (options.LaunchCallBound < TimeSpan.FromSeconds(1) || options.LaunchCallBound > TimeSpan.FromMinutes(10))
        {
            failures.Add($"LaunchFence LaunchCallBound must be between 1 second and 10 minutes, was {options.LaunchCallBound}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
