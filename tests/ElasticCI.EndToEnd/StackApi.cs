using System.Diagnostics;
using ElasticCI.Client;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.EndToEnd;

/// <summary>The user API of a <see cref="CoordinatorProcess"/> over HTTP, for polling stack state without a CLI process per look.</summary>
internal sealed class StackApi : IDisposable
{
    private readonly HttpClient _http;

    public StackApi(CoordinatorProcess coordinator)
    {
        _http = new HttpClient { BaseAddress = new Uri(coordinator.Environment["ELASTIC_CI_SERVER"] + "/") };
        Client = new CoordinatorClient(_http, File.ReadAllText(Path.Combine(coordinator.Environment["ELASTIC_CI_DATA_DIR"], "api-token")).Trim());
    }

    public CoordinatorClient Client { get; }

    public async Task<StackStatusDto?> StackAsync(string name)
        => (await Client.GetStacksAsync(CancellationToken.None)).Stacks.FirstOrDefault(s => s.Name == name);

    /// <summary>Polls until <paramref name="done"/> holds; fails with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(seconds), $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();
}
