using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ElasticCI.Testing;
using Microsoft.Playwright;

namespace ElasticCI.EndToEnd.Dashboard;

/// <summary>
/// One <c>elastic-ci up</c> with a stack that scales from zero (local provider, real agents), one chromium and one browser
/// context signed in through the login URL the coordinator printed: shared by every dashboard test (suite time matters).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("elastic-ci-e2e-dashboard-").FullName;
    private Process? _process;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public string LoginUrl { get; private set; } = "";

    public string WorkDirectory => _directory;

    public HttpClient Api { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public IBrowserContext Context { get; private set; } = null!;

    /// <summary>Where the page after the printed login URL landed.</summary>
    public string LandedOn { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), """
            stacks:
              - Name: web
                Queue: web
                MaxSize: 1
                ScaleInIdlePeriod: 600
                # The jobs wait for marker files in the test's directory, which a sandbox does not show them.
                Isolation: none
            """);
        var port = Cli.FreePort();
        _process = Process.Start(Cli.StartInfo(_directory, "up", "--config", "elastic-ci.yml", "--data-dir", "data", "--listen", $"127.0.0.1:{port}", "--heartbeat-interval", "1"))!;
        var login = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("Dashboard: ", StringComparison.Ordinal) == true)
            {
                login.TrySetResult(e.Data["Dashboard: ".Length..].Split(' ')[0]);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        LoginUrl = await login.Task.WaitAsync(TimeSpan.FromSeconds(60));
        BaseUrl = LoginUrl[..LoginUrl.IndexOf("/login", StringComparison.Ordinal)];
        Api.BaseAddress = new Uri(BaseUrl + "/");
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await File.ReadAllTextAsync(Path.Combine(_directory, "data", "api-token"))).Trim());

        _playwright = await Playwright.CreateAsync();
        // The suite shares 2 cores with coordinators, agents and chromium: 5 s (Playwright's default) is short under that load.
        Assertions.SetDefaultExpectTimeout(20_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        Context.SetDefaultTimeout(90_000);
        var page = await Context.NewPageAsync();
        await page.GotoAsync(LoginUrl);
        LandedOn = new Uri(page.Url).PathAndQuery;
        await page.CloseAsync();
    }

    /// <summary>Creates a build from YAML through the API; returns its id.</summary>
    public async Task<string> CreateBuildAsync(string pipeline, string yaml)
    {
        using var response = await Api.PostAsJsonAsync("api/v1/builds", new { pipeline, yaml });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> BuildAsync(string id)
        => JsonDocument.Parse(await Api.GetStringAsync($"api/v1/builds/{id}")).RootElement;

    /// <summary>Polls the build until <paramref name="done"/> holds (generous timeout: the machine is shared).</summary>
    public Task<JsonElement> WaitForBuildAsync(string id, Func<JsonElement, bool> done, string what)
        => StackApi.WaitAsync(() => BuildAsync(id), done, what, seconds: 120);

    /// <summary>
    /// Where the screenshots go: artifacts/screenshots/ of the repository this test was built from (a test artifact, so a
    /// test run leaves the tree clean), or docs/images/ with <c>ELASTIC_CI_UPDATE_SCREENSHOTS=1</c> to refresh the docs.
    /// </summary>
    public static string ImagesDirectory()
    {
        var root = RepositoryFiles.Root;
        var images = Environment.GetEnvironmentVariable("ELASTIC_CI_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(root, "docs", "images")
            : Path.Combine(root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(images);
        return images;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        Api.Dispose();
        if (_process is not null)
        {
            await Security.GracefulStop.StopAsync(_process);
        }
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
