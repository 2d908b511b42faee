namespace ElasticCI.Secrets;

public sealed class SecretLayoutTests
{
    private static IReadOnlyList<KeyValuePair<string, string>> Vars(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    [Fact]
    public void ResolvePrefix_SlugOnly_UsesSlug()
    {
        var env = new Dictionary<string, string?> { ["BUILDKITE_PIPELINE_SLUG"] = "web" };

        Assert.Equal("web", SecretLayout.ResolvePrefix(env));
    }

    [Fact]
    public void ResolvePrefix_BucketPrefixSet_OverridesSlug()
    {
        var env = new Dictionary<string, string?>
        {
            ["BUILDKITE_PIPELINE_SLUG"] = "web",
            ["BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX"] = "shared/team-a",
        };

        Assert.Equal("shared/team-a", SecretLayout.ResolvePrefix(env));
    }

    [Fact]
    public void ResolvePrefix_Neither_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SecretLayout.ResolvePrefix(new Dictionary<string, string?>()));

        Assert.Contains("BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BUILDKITE_PIPELINE_SLUG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvePrefix_TraversalInPrefix_Throws()
    {
        var env = new Dictionary<string, string?> { ["BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX"] = "../other" };

        Assert.Throws<InvalidOperationException>(() => SecretLayout.ResolvePrefix(env));
    }

    [Fact]
    public void Candidates_MatchTheOriginalOrder()
    {
        Assert.Equal(["web/private_ssh_key", "web/id_rsa_github", "private_ssh_key", "id_rsa_github"], SecretLayout.SshKeys("web"));
        Assert.Equal(["env", "environment", "web/env", "web/environment"], SecretLayout.EnvFiles("web"));
        Assert.Equal(["git-credentials", "web/git-credentials"], SecretLayout.GitCredentials("web"));
        Assert.Equal(["secret-files/", "web/secret-files/"], SecretLayout.SecretFilePrefixes("web"));
    }

    [Theory]
    [InlineData("secret-files/API_SECRET", true)]
    [InlineData("secret-files/AWS_SECRET_KEY", true)]
    [InlineData("web/secret-files/DB_PASSWORD", true)]
    [InlineData("secret-files/GITHUB_TOKEN", true)]
    [InlineData("secret-files/S3_ACCESS_KEY", true)]
    [InlineData("secret-files/README", false)]
    [InlineData("secret-files/token", false)]
    [InlineData("secret-files/_TOKEN_BACKUP", false)]
    public void IsSecretFile_BySuffix(string key, bool expected)
    {
        Assert.Equal(expected, SecretLayout.IsSecretFile(key));
    }

    [Fact]
    public void ComposeEnvironment_PipelineEnvBeatsGlobalEnv()
    {
        var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>
        {
            ["web/env"] = Vars(("A", "pipeline")),
            ["env"] = Vars(("A", "global"), ("B", "global")),
        };

        var result = SecretLayout.ComposeEnvironment("web", envFiles, new Dictionary<string, string>());

        Assert.Equal("pipeline", result["A"]);
        Assert.Equal("global", result["B"]);
    }

    [Fact]
    public void ComposeEnvironment_EnvironmentFileBeatsEnvFileAtSameLevel()
    {
        var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>
        {
            ["environment"] = Vars(("A", "environment")),
            ["env"] = Vars(("A", "env")),
        };

        Assert.Equal("environment", SecretLayout.ComposeEnvironment("web", envFiles, new Dictionary<string, string>())["A"]);
    }

    [Fact]
    public void ComposeEnvironment_SecretFilesBeatEnvFiles_AndPipelineSecretFilesBeatGlobal()
    {
        var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>
        {
            ["web/env"] = Vars(("DB_PASSWORD", "from-env"), ("API_TOKEN", "from-env")),
        };
        var secretFiles = new Dictionary<string, string>
        {
            ["web/secret-files/DB_PASSWORD"] = "pipeline-file",
            ["secret-files/DB_PASSWORD"] = "global-file",
            ["secret-files/API_TOKEN"] = "global-file",
            ["secret-files/NOT_EXPOSED"] = "x",
            ["other/secret-files/DB_PASSWORD"] = "other-pipeline",
        };

        var result = SecretLayout.ComposeEnvironment("web", envFiles, secretFiles);

        Assert.Equal("pipeline-file", result["DB_PASSWORD"]);
        Assert.Equal("global-file", result["API_TOKEN"]);
        Assert.False(result.ContainsKey("NOT_EXPOSED"));
    }

    [Fact]
    public void ComposeEnvironment_PrefixOverride_ReadsOverriddenFolder()
    {
        var env = new Dictionary<string, string?>
        {
            ["BUILDKITE_PIPELINE_SLUG"] = "web",
            ["BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX"] = "shared",
        };
        var envFiles = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>
        {
            ["web/env"] = Vars(("A", "slug")),
            ["shared/env"] = Vars(("A", "override")),
        };

        var result = SecretLayout.ComposeEnvironment(SecretLayout.ResolvePrefix(env), envFiles, new Dictionary<string, string>());

        Assert.Equal("override", result["A"]);
    }
}
