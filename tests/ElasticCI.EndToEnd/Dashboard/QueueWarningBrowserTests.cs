using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCI.EndToEnd.Dashboard;

/// <summary>The dashboard's build and stacks pages warn about jobs waiting on a queue that no stack and no connected agent serves.</summary>
[Collection("Dashboard")]
public sealed class QueueWarningBrowserTests(DashboardFixture fixture)
{
    [Fact]
    public async Task BuildAndStacksPages_JobOnQueueNothingServes_ShowTheWarning()
    {
        var id = await fixture.CreateBuildAsync("dash-unserved", "steps:\n  - command: 'true'\n    agents: {queue: dash-nowhere}\n");
        var page = await fixture.Context.NewPageAsync();
        try
        {
            await page.GotoAsync($"{fixture.BaseUrl}/builds/{id}");
            await Expect(page.Locator(".annotation.warning", new() { HasText = "queue 'dash-nowhere'" }))
                .ToHaveTextAsync("Warning: 1 job targets queue 'dash-nowhere', which no stack and no connected agent serves: it waits until an agent with the tag queue=dash-nowhere connects or a stack with Queue: dash-nowhere is applied");
            await page.GotoAsync(fixture.BaseUrl + "/stacks");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "web" })).ToBeVisibleAsync();
            await Expect(page.Locator(".annotation.warning", new() { HasText = "queue 'dash-nowhere'" })).ToHaveCountAsync(1);
        }
        finally
        {
            await page.CloseAsync();
            // Leave no waiting job behind for the other tests of the collection.
            using var cancel = await fixture.Api.PostAsync($"api/v1/builds/{id}/cancel", null);
        }
    }
}
