using ElasticCI.Stacks;

namespace ElasticCI.Compute;

/// <summary>What a provider needs to start an instance: its id, its stack, and how its agents reach the coordinator.</summary>
internal sealed record LaunchRequest(string InstanceId, StackDefinition Stack, string CoordinatorUrl, string RegistrationToken);
