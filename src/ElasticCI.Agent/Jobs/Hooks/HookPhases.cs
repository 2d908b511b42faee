namespace ElasticCI.Agent.Jobs.Hooks;

/// <summary>Names of the per-job hooks, in the order a job runs them.</summary>
internal static class HookPhases
{
    public const string Environment = "environment";
    public const string PreCheckout = "pre-checkout";
    public const string Checkout = "checkout";
    public const string PostCheckout = "post-checkout";
    public const string PreCommand = "pre-command";
    public const string Command = "command";
    public const string PostCommand = "post-command";
    public const string PreArtifact = "pre-artifact";
    public const string PostArtifact = "post-artifact";
    public const string PreExit = "pre-exit";

    /// <summary>The repository's <c>.buildkite/hooks</c> does not exist before checkout, and may not replace the checkout.</summary>
    public static bool AllowsRepositoryHook(string phase) => phase is not (Environment or PreCheckout or Checkout);
}
