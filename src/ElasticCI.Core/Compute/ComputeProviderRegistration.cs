namespace ElasticCI.Compute;

/// <summary>
/// Registered next to each <see cref="IComputeProvider"/>: its configuration name, readable from the service collection
/// before anything is built, so stack validation knows the providers that exist without starting one.
/// </summary>
internal sealed record ComputeProviderRegistration(string Name);
