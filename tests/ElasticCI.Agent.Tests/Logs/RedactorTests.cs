using System.Text;
using ElasticCI.Agent.Logs;

namespace ElasticCI.Agent.Tests.Logs;

public sealed class RedactorTests
{
    [Fact]
    public void Add_DuringTheStream_RedactsLaterOutputOnly()
    {
        var redactor = new Redactor([]);
        var before = Encoding.UTF8.GetString(redactor.Write("early late-secret-value "u8));

        redactor.Add(["late-secret-value", "short"]);
        var after = Encoding.UTF8.GetString(redactor.Write("then late-secret-"u8)) + Encoding.UTF8.GetString(redactor.Write("value short"u8))
            + Encoding.UTF8.GetString(redactor.Flush());

        Assert.Equal("early late-secret-value ", before);
        Assert.Equal("then [REDACTED] short", after); // under the minimum length: not redacted, as in the Buildkite agent
    }

    [Fact]
    public void Write_SecretInOneChunk_IsReplaced()
    {
        var redactor = new Redactor(["hunter2-secret"]);

        var text = Run(redactor, "password is hunter2-secret, ok\n");

        Assert.Equal("password is [REDACTED], ok\n", text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Write_SecretSplitAcrossChunks_IsReplaced(int chunkSize)
    {
        var redactor = new Redactor(["s3cr3t-value-xyz", "another-one"]);
        const string input = "a s3cr3t-value-xyz b another-one c s3cr3t-value-xy(not) another-on\n";

        var text = Run(redactor, input, chunkSize);

        Assert.Equal("a [REDACTED] b [REDACTED] c s3cr3t-value-xy(not) another-on\n", text);
    }

    [Fact]
    public void Write_TextThatIsNotASecretPrefix_IsNotHeldBack()
    {
        var redactor = new Redactor(["abcdefgh"]);

        var first = Encoding.UTF8.GetString(redactor.Write("hello abc"u8));

        Assert.Equal("hello ", first); // "abc" could still become the secret
        Assert.Equal("abcxyz", Encoding.UTF8.GetString(redactor.Write("xyz"u8)));
    }

    [Fact]
    public void Constructor_ShortValues_AreNotRedacted()
    {
        var redactor = new Redactor(["12345", "true"]);

        Assert.True(redactor.IsEmpty);
        Assert.Equal("12345 true", Run(redactor, "12345 true"));
    }

    [Fact]
    public void SecretsOf_DefaultPatterns_PickSecretLookingNames()
    {
        var env = new Dictionary<string, string>
        {
            ["DB_PASSWORD"] = "p",
            ["GITHUB_TOKEN"] = "t",
            ["MY_API_KEY"] = "k",
            ["PATH"] = "/bin",
            ["TOKENIZER"] = "x",
        };

        var secrets = Redactor.SecretsOf(env, Redactor.DefaultPatterns).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["k", "p", "t"], secrets);
    }

    [Fact]
    public void SecretsOf_CustomPatternWithInnerStar_Matches()
    {
        var env = new Dictionary<string, string> { ["AWS_PROD_KEY"] = "1", ["AWS_KEY"] = "2", ["GCP_PROD_KEY"] = "3" };

        Assert.Equal(["1", "2"], Redactor.SecretsOf(env, ["AWS_*KEY"]).Order(StringComparer.Ordinal));
    }

    private static string Run(Redactor redactor, string input, int chunkSize = int.MaxValue)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var output = new List<byte>();
        for (var i = 0; i < bytes.Length; i += Math.Min(chunkSize, bytes.Length))
        {
            output.AddRange(redactor.Write(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i))));
        }
        output.AddRange(redactor.Flush());
        return Encoding.UTF8.GetString([.. output]);
    }
}
