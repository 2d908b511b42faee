using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCI.EndToEnd.Dashboard;

/// <summary>The dashboard in a real chromium against a real coordinator and real agents (one of each for the whole class).</summary>
[Collection("Dashboard")]
public sealed partial class DashboardBrowserTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Login_PrintedUrl_SignsInOnceAndLandsOnBuilds()
    {
        Assert.Equal("/", fixture.LandedOn);
        Assert.Contains(await fixture.Context.CookiesAsync(), c => c is { Name: "elasticci_session", HttpOnly: true, SameSite: SameSiteAttribute.Strict });
        // The printed link works once.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var again = await http.GetAsync(fixture.LoginUrl);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/stacks")]
    [InlineData("/builds/x")]
    public async Task Page_WithoutSession_RedirectsToLogin(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(fixture.BaseUrl + path);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?next=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
        using var data = await http.GetAsync(fixture.BaseUrl + "/api/v1/builds");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, data.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Login_ForeignNext_IsRefusedWithoutSession(string next)
    {
        var page = await fixture.Browser.NewPageAsync();
        var response = await page.GotoAsync($"{fixture.BaseUrl}/login?next={Uri.EscapeDataString(next)}");
        Assert.Equal(400, response!.Status);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = fixture.Api.DefaultRequestHeaders.Authorization!.Parameter!,
            ["next"] = next,
        });
        using var posted = await http.PostAsync(fixture.BaseUrl + "/login", form);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.False(posted.Headers.Contains("Set-Cookie"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task LoginForm_ApiToken_SignsInAndLogoutSignsOut()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/agents");
        Assert.EndsWith("/login?next=%2Fagents", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("API token").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        await page.GetByLabel("API token").FillAsync(fixture.Api.DefaultRequestHeaders.Authorization!.Parameter!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agents" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        // Only the address and the form are awaited, not the page's load event: the old page's live data may see the
        // session end first and go to /login?next=... itself, which starts a second navigation (a flake in CI).
        await Expect(page).ToHaveURLAsync(new Regex("/login(\\?next=%2Fagents)?$"));
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "elasticci_session");
        await page.GotoAsync(fixture.BaseUrl + "/agents");
        Assert.Contains("/login?next=", page.Url, StringComparison.Ordinal);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task BuildPage_RunningJob_LogAppearsLineByLineWhileStackScalesFromZero()
    {
        var stacks = await fixture.Context.NewPageAsync();
        await stacks.GotoAsync(fixture.BaseUrl + "/stacks");
        await Expect(stacks.GetByRole(AriaRole.Heading, new() { Name = "web" })).ToBeVisibleAsync();
        var marker = Path.Combine(fixture.WorkDirectory, "release-" + Guid.NewGuid().ToString("N"));
        var id = await fixture.CreateBuildAsync("live", $"""
            steps:
              - label: live
                agents: {"{"}queue: web{"}"}
                command: |
                  echo "--- first section"
                  printf '\033[31mred line\033[0m\n'
                  echo "first $((0+1)) line"
                  while [ ! -f {marker} ]; do sleep 0.2; done
                  echo "+++ second section"
                  echo "second $((1+1)) line"
            """);
        // The stack page, opened before the build, shows the instance the build launched without a reload.
        await Expect(stacks.Locator("table.instances tbody tr")).ToHaveCountAsync(1, new() { Timeout = 120_000 });
        await stacks.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "stacks.png"), FullPage = true });

        var page = await fixture.Context.NewPageAsync();
        // The stack has one agent: release the job even when an assertion fails, so the next test gets the agent.
        await using var release = new Release(marker);
        await page.GotoAsync($"{fixture.BaseUrl}/builds/{id}");
        var log = page.Locator(".log").First;
        await Expect(log).ToContainTextAsync("first 1 line", new() { Timeout = 120_000 });
        await Expect(log).Not.ToContainTextAsync("second 2 line");
        await Expect(log.Locator("span.c31")).ToHaveTextAsync("red line");
        await Expect(log.Locator("details > summary", new() { HasText = "first section" })).ToHaveCountAsync(1);
        await File.WriteAllTextAsync(marker, "");
        await Expect(log).ToContainTextAsync("second 2 line", new() { Timeout = 60_000 });
        await Expect(page.Locator(".job summary .state").First).ToHaveTextAsync("passed", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "build.png"), FullPage = true });

        await page.GotoAsync(fixture.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "live #" + (await fixture.BuildAsync(id)).GetProperty("number").GetInt32() })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "builds.png"), FullPage = true });
        await page.GotoAsync(fixture.BaseUrl + "/agents");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("web");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "agents.png"), FullPage = true });
        await page.GotoAsync(fixture.BaseUrl + "/pipelines");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "pipelines.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 800);
        await page.GotoAsync($"{fixture.BaseUrl}/builds/{id}");
        await page.Locator("details.job > summary").First.ClickAsync();
        await Expect(page.Locator(".log").First).ToContainTextAsync("second 2 line");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ImagesDirectory(), "build-phone.png") });
        await page.CloseAsync();
        await stacks.CloseAsync();
    }

    [Fact]
    public async Task BuildPage_UnblockWithFieldThenRetryThenCancel_ChangeTheBuild()
    {
        var id = await fixture.CreateBuildAsync("actions", """
            steps:
              - block: "Ship it?"
                fields:
                  - text: "Reason"
                    key: reason
                    required: true
              - group: Checks
                key: checks
                steps:
                  - label: check
                    agents: {queue: web}
                    command: 'test "$(buildkite-agent meta-data get reason)" = "because" && exit 3'
            """);
        var page = await fixture.Context.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/builds/{id}");
        await page.Locator("summary", new() { HasText = "Ship it?" }).ClickAsync();
        await page.GetByLabel("Reason").FillAsync("because");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unblock" }).ClickAsync();
        // The command saw the field's value (exit 3 only then) and failed.
        var build = await fixture.WaitForBuildAsync(id, b => b.GetProperty("state").GetString() == "failed", "the unblocked build to fail");
        Assert.Contains(build.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("exitStatus").ValueKind == System.Text.Json.JsonValueKind.Number && j.GetProperty("exitStatus").GetInt32() == 3);
        // The group step's job sits under the group's heading; the block does not.
        await Expect(page.Locator("section.group > h3")).ToHaveTextAsync("Checks");
        var check = page.Locator("section.group details.job");
        await Expect(check).ToHaveCountAsync(1);
        // A job that failed before the page saw it run stays closed: open it to reach its Retry button.
        await check.EvaluateAsync("d => { d.open = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry check" }).ClickAsync();
        await fixture.WaitForBuildAsync(id, b => b.GetProperty("jobs").GetArrayLength() == 3, "the retried job");
        await Expect(page.Locator("details.job")).ToHaveCountAsync(3);
        await Expect(page.Locator("section.group details.job")).ToHaveCountAsync(2);

        var sleeper = await fixture.CreateBuildAsync("cancel", "steps:\n  - label: sleeper\n    agents: {queue: web}\n    command: sleep 300\n");
        await page.GotoAsync($"{fixture.BaseUrl}/builds/{sleeper}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel build" }).ClickAsync();
        await fixture.WaitForBuildAsync(sleeper, b => b.GetProperty("state").GetString() is "canceled" or "canceling", "the build to be canceled");
        await page.CloseAsync();
    }

    private sealed class Release(string marker) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await File.WriteAllTextAsync(marker, "");
    }
}
