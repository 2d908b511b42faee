namespace ElasticCI.Secrets.S3;

/// <summary>Every S3 test class shares one s3rver process.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
