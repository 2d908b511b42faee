namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>One registry, engine and coordinator for every Docker job test.</summary>
[CollectionDefinition(Name)]
public sealed class DockerJobsCollection : ICollectionFixture<DockerJobsFixture>
{
    public const string Name = "Docker jobs";
}
