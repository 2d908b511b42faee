namespace ElasticCI.Compute.Local;

/// <summary>Settings of the <c>local</c> provider.</summary>
internal sealed class LocalProviderOptions
{
    /// <summary>Where each instance gets its own directory (<c>instances/&lt;id&gt;</c>: builds and agent log).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The command that runs <c>elastic-ci</c> (executable and leading arguments), to which <c>agent start ...</c> is appended.</summary>
    public required IReadOnlyList<string> AgentCommand { get; init; }
}
