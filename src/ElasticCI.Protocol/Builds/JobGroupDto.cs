namespace ElasticCI.Protocol.Builds;

/// <summary>The <c>group</c> step a job's step sits in.</summary>
/// <param name="Key">The group's <c>key</c>, if it has one.</param>
/// <param name="Label">The group's label (<c>group</c>/<c>label</c>), if it has one.</param>
public sealed record JobGroupDto(string? Key, string? Label);
