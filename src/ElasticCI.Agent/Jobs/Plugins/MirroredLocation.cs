namespace ElasticCI.Agent.Jobs.Plugins;

/// <summary>A plugin location after the mirror: where to clone from; <paramref name="Missing"/> says why the mirror cannot serve it.</summary>
internal sealed record MirroredLocation(string Location, bool Mirrored, string? Missing);
