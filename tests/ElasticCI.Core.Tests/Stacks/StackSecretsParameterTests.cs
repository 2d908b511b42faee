namespace ElasticCI.Stacks;

public sealed class StackSecretsParameterTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_NoSecretsParameters_LocalStoreAndEnabled()
    {
        var stack = ParseOne("stacks: [{Name: ci}]");

        Assert.True(stack.EnableSecretsPlugin);
        Assert.Null(stack.SecretsBucket);
        Assert.Null(stack.SecretsBucketRegion);
        Assert.Null(stack.SecretsBucketEndpoint);
        Assert.False(stack.SecretsBucketEncryption);
        Assert.False(stack.SecretsClientSideEncryption);
    }

    [Fact]
    public void Parse_EverySecretsParameter_Read()
    {
        var stack = ParseOne("""
            stacks:
              - Name: ci
                EnableSecretsPlugin: true
                secretsbucket: my-ci-secrets
                SecretsBucketRegion: eu-west-2
                SecretsBucketEndpoint: http://127.0.0.1:9000
                SecretsBucketEncryption: true
                SecretsClientSideEncryption: true
            """);

        Assert.Equal(("my-ci-secrets", "eu-west-2", "http://127.0.0.1:9000"), (stack.SecretsBucket, stack.SecretsBucketRegion, stack.SecretsBucketEndpoint));
        Assert.True(stack.SecretsBucketEncryption);
        Assert.True(stack.SecretsClientSideEncryption);
    }

    [Fact]
    public void Parse_SecretsPluginDisabled_Read()
        => Assert.False(ParseOne("stacks: [{Name: ci, EnableSecretsPlugin: false}]").EnableSecretsPlugin);

    [Fact]
    public void Parse_BadSecretsValues_EveryProblemListed()
        => AssertErrors("""
            stacks:
              - Name: ci
                SecretsBucket: Bad_Bucket
                SecretsBucketRegion: moon
                SecretsBucketEndpoint: ftp://example.com
            """,
            "elastic-ci.yml: stack 'ci': SecretsBucket 'Bad_Bucket' is not a valid bucket name (3-63 lower-case letters, digits, dots and dashes)",
            "elastic-ci.yml: stack 'ci': SecretsBucketRegion 'moon' is not a region name (e.g. us-east-1)",
            "elastic-ci.yml: stack 'ci': SecretsBucketEndpoint 'ftp://example.com' must be an http or https URL");

    [Fact]
    public void Parse_BucketSettingsWithoutBucket_Refused()
        => AssertErrors("stacks: [{Name: ci, SecretsBucketRegion: us-east-1, SecretsClientSideEncryption: true}]",
            "elastic-ci.yml: stack 'ci': SecretsBucketRegion needs SecretsBucket (without it the local encrypted store is used)",
            "elastic-ci.yml: stack 'ci': SecretsClientSideEncryption needs SecretsBucket (without it the local encrypted store is used)");

    [Theory]
    [InlineData("SecretsBucketEncryption: maybe", "elastic-ci.yml:1: SecretsBucketEncryption must be true or false, got 'maybe'")]
    [InlineData("EnableSecretsPlugin: 2", "elastic-ci.yml:1: EnableSecretsPlugin must be true or false, got '2'")]
    [InlineData("SecretsBucket: ''", "elastic-ci.yml:1: SecretsBucket must be a non-empty string")]
    public void Parse_BadSecretsTypes_Refused(string parameter, string expected)
        => AssertErrors($"stacks: [{{Name: ci, {parameter}}}]", expected);

    [Theory]
    [InlineData("a..b")]
    [InlineData("ab")]
    [InlineData("-bucket")]
    public void Parse_InvalidBucketNames_Refused(string bucket)
        => Assert.Contains(StackParsing.Parse($"stacks: [{{Name: ci, SecretsBucket: '{bucket}'}}]", File).Errors,
            e => e.Contains("is not a valid bucket name", StringComparison.Ordinal));

    private static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = StackParsing.Parse(yaml, File);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }

    private static void AssertErrors(string yaml, params string[] expected)
        => Assert.Equal(expected, StackParsing.Parse(yaml, File).Errors);
}
