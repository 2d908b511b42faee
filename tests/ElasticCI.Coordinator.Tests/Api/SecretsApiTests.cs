using System.Net;
using System.Text;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>The admin secrets API (/api/v1/secrets) against a real coordinator with its default local store.</summary>
public sealed class SecretsApiTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task PutGetListDelete_RoundTrip_ListsSizesNeverValues()
    {
        var client = _fixture.Client;
        await client.PutSecretAsync("env", null, "GLOBAL=1\n"u8.ToArray(), CancellationToken.None);
        await client.PutSecretAsync("env", "pipe-a", "A_TOKEN=alpha-value-123\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal("A_TOKEN=alpha-value-123\n", Encoding.UTF8.GetString(await client.GetSecretAsync("pipe-a/env", null, CancellationToken.None)));
        Assert.Equal("GLOBAL=1\n", Encoding.UTF8.GetString(await client.GetSecretAsync("env", null, CancellationToken.None)));
        var all = await client.ListSecretsAsync(null, CancellationToken.None);
        Assert.Equal(["env", "pipe-a/env"], all.Secrets.Select(s => s.Key));
        Assert.Equal(24, all.Secrets[1].Size);
        var raw = await _fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/secrets?prefix=pipe-a")
        {
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken) },
        });
        var listing = await raw.Content.ReadAsStringAsync();
        Assert.Contains("pipe-a/env", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha-value-123", listing, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_fixture.DataDirectory, "secrets.master.key")));
        Assert.DoesNotContain("alpha-value-123", await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(_fixture.DataDirectory, "secrets", "pipe-a"))[0]), StringComparison.Ordinal);

        await client.DeleteSecretAsync("env", "pipe-a", CancellationToken.None);

        var missing = await Assert.ThrowsAsync<CoordinatorException>(() => client.GetSecretAsync("pipe-a/env", null, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var again = await Assert.ThrowsAsync<CoordinatorException>(() => client.DeleteSecretAsync("pipe-a/env", null, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("a/../b", "'..'")]
    [InlineData("../x", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("/abs", "relative")]
    [InlineData("a\u0001b", "control characters")]
    [InlineData("a//b", "empty segments")]
    public async Task Put_BadKey_Returns400WithTheStoresMessage(string key, string expected)
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() =>
            _fixture.Client.PutSecretAsync(key, null, "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListSecretsAsync(null, CancellationToken.None)).Secrets);
    }

    [Fact]
    public async Task Put_BadPipeline_Returns400()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() =>
            _fixture.Client.PutSecretAsync("env", "..", "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Put_OversizedValueOrKey_Returns400()
    {
        var big = await Assert.ThrowsAsync<CoordinatorException>(() =>
            _fixture.Client.PutSecretAsync("big", null, new byte[(1024 * 1024) + 1], CancellationToken.None));
        var longKey = await Assert.ThrowsAsync<CoordinatorException>(() =>
            _fixture.Client.PutSecretAsync(new string('k', 513), null, "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("1 MiB", big.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        Assert.Contains("512", longKey.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListSecretsAsync(null, CancellationToken.None)).Secrets);
    }

    [Fact]
    public async Task WithoutApiToken_Returns401()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_fixture.Url + "/") };
        using var put = await anonymous.PutAsync("api/v1/secrets/env", new ByteArrayContent("x"u8.ToArray()));
        using var list = await anonymous.GetAsync("api/v1/secrets");
        var wrong = new CoordinatorClient(anonymous, "not-the-token");
        var refused = await Assert.ThrowsAsync<CoordinatorException>(() => wrong.GetSecretAsync("env", null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty((await _fixture.Client.ListSecretsAsync(null, CancellationToken.None)).Secrets);
    }

    /// <summary>Regression (API fuzz test, seed 20261128): a key that is also a prefix of other keys answered 500.</summary>
    [Fact]
    public async Task PutAndGetSecret_KeyClashingWithAPrefix_Return400And404NotA500()
    {
        await _fixture.Client.PutSecretAsync("env", "clash", "A=1\n"u8.ToArray(), CancellationToken.None);

        var put = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutSecretAsync("clash", null, "x"u8.ToArray(), CancellationToken.None));
        var get = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetSecretAsync("clash", null, CancellationToken.None));
        var delete = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.DeleteSecretAsync("clash", null, CancellationToken.None));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (put.StatusCode, get.StatusCode, delete.StatusCode));
        Assert.Contains("is a prefix of other secrets", put.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression (API fuzz test, seeds 20261128 and 7): a key segment longer than a file name answered 500.</summary>
    [Fact]
    public async Task SecretCalls_SegmentLongerThanAFileName_Return400NotA500()
    {
        var key = new string('a', 300) + "/env";

        var put = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutSecretAsync(key, null, "x"u8.ToArray(), CancellationToken.None));
        var get = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetSecretAsync(key, null, CancellationToken.None));
        var delete = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.DeleteSecretAsync(key, null, CancellationToken.None));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (put.StatusCode, get.StatusCode, delete.StatusCode));
        Assert.Contains("at most 255 bytes each", put.Message, StringComparison.Ordinal);
    }
}
