using System.CommandLine;
using ElasticCI.Coordinator;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Coordinator.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Cli.Commands;

/// <summary>Starts the coordinator in the foreground and waits until it stops (SIGINT or SIGTERM); the coordinator owns its stop order and reload.</summary>
internal static class CoordinatorRunner
{
    public static async Task<int> RunAsync(CoordinatorFlags flags, ParseResult parse, bool embeddedDefaultStack, TextWriter output, TextWriter error)
    {
        // Before anything is created: the database, its WAL/SHM, artifacts, logs and instance directories are private.
        PrivateFiles.RestrictUmask();
        var (options, problems) = await CoordinatorOptionsReader.ReadAsync(flags, parse, embeddedDefaultStack, Environment.GetEnvironmentVariables());
        if (options is null)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"elastic-ci: {problem}");
            }
            return CliApp.ExitUsage;
        }

        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = await CoordinatorHost.BuildAsync(options, logging => logging
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                .SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning), services => services.AddSingleton(new CoordinatorConsole(output, error)), CancellationToken.None);
        }
        catch (Storage.StoreUnavailableException ex)
        {
            // One line naming the host; the message never holds the password.
            await error.WriteLineAsync($"elastic-ci: store: {ex.Message}");
            return CliApp.ExitUsage;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                await error.WriteLineAsync($"elastic-ci: {failure}");
            }
            return CliApp.ExitUsage;
        }
        await using (app)
        {
            try
            {
                await app.StartAsync(CancellationToken.None);
            }
            catch (OptionsValidationException ex)
            {
                // ValidateOnStart: the options pipeline refused a value the early check let through.
                foreach (var failure in ex.Failures)
                {
                    await error.WriteLineAsync($"elastic-ci: {failure}");
                }
                return CliApp.ExitUsage;
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"elastic-ci: cannot listen on {options.Listen}: {ex.Message}");
                return CliApp.ExitUsage;
            }
            var url = await app.Services.GetRequiredService<CoordinatorAddress>().Url;
            var tokens = app.Services.GetRequiredService<TokenFiles>();
            await output.WriteLineAsync($"ElasticCI coordinator listening on {url}");
            await output.WriteLineAsync(await ReplicaLine.DescribeAsync(app.Services.GetRequiredService<ElasticCI.Cluster.ILeadership>()));
            await output.WriteLineAsync($"API token: {tokens.ApiTokenPath} (the CLI reads it from there; or export ELASTIC_CI_TOKEN)");
            if (app.Services.GetRequiredService<Coordinator.Dashboard.DashboardSessions>().LoginToken is { } login)
            {
                await output.WriteLineAsync($"Dashboard: {url}/login?token={login} (works once; then log in with the API token)");
            }
            if (options.Artifacts.IsS3)
            {
                await output.WriteLineAsync($"Artifacts: {app.Services.GetRequiredService<Coordinator.Artifacts.IArtifactStore>().Description}");
            }
            foreach (var stack in options.Stacks)
            {
                await output.WriteLineAsync($"Stack {stack.Name}: queue {stack.Queue}, provider {stack.Provider}, {stack.Scaling.MinSize}..{stack.Scaling.MaxSize} instances × {stack.Scaling.AgentsPerInstance} agents, policy {stack.Policy}, scale-in after {stack.ScaleInIdlePeriod.TotalSeconds:0}s idle");
            }
            await output.WriteLineAsync("Press Ctrl+C to stop (every instance and agent started here stops with it).");
            await output.FlushAsync(CancellationToken.None);
            // SIGINT/SIGTERM stop the host (its console lifetime); SIGHUP reloads inside it. The stop order is the coordinator's own.
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await output.WriteLineAsync("Stopping: canceling running jobs and terminating instances...");
            await output.FlushAsync(CancellationToken.None);
            await app.StopAsync(CancellationToken.None);
        }
        return CliApp.ExitOk;
    }
}
