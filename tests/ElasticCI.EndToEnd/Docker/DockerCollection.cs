namespace ElasticCI.EndToEnd.Docker;

/// <summary>The Docker test classes share one <see cref="DockerEngineFixture"/> (two engines are enough load for this machine) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "docker";
}
