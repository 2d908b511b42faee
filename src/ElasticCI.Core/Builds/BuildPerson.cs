namespace ElasticCI.Builds;

/// <summary>The creator or author of a build, as <c>build.creator.*</c> / <c>build.author.*</c> see it.</summary>
internal sealed record BuildPerson(string? Id, string? Name, string? Email, IReadOnlyList<string> Teams)
{
    public static BuildPerson Unknown { get; } = new(null, null, null, []);
}
