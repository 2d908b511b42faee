namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>One coordinator and plugin mirror for the Docker job tests of this project.</summary>
[CollectionDefinition(Name)]
public sealed class DockerJobsCollection : ICollectionFixture<DockerJobsFixture>
{
    public const string Name = "Docker jobs";
}
