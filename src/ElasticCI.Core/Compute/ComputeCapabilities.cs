namespace ElasticCI.Compute;

/// <summary>What a provider can do; read once at start-up.</summary>
/// <param name="SurvivesCoordinatorRestart">
/// Its instances keep running when the coordinator stops (a cloud machine): a restarted coordinator adopts the ones the
/// provider still lists. False (local): the instances stop with the coordinator, and a restart finds them gone.
/// </param>
/// <param name="ReportsExitCodes">A gone instance's <see cref="ComputeInstanceStatus.ExitCode"/> is its agents' exit code.</param>
/// <param name="ProvidesSpotLifecycle">The provider itself says whether an instance is spot or on-demand.</param>
internal sealed record ComputeCapabilities(bool SurvivesCoordinatorRestart, bool ReportsExitCodes, bool ProvidesSpotLifecycle);
