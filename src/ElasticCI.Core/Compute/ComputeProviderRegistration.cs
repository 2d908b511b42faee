using ElasticCI.Stacks;

namespace ElasticCI.Compute;

/// <summary>
/// Registered next to each <see cref="IComputeProvider"/>: its configuration name, readable from the service collection
/// before anything is built, so stack validation knows the providers that exist without starting one; and the provider's
/// own check of a stack that names it (a problem to refuse the start with, or null).
/// </summary>
internal sealed record ComputeProviderRegistration(string Name, Func<StackDefinition, string?>? CheckStack = null);
