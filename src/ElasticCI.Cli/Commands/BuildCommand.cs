using System.CommandLine;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// <c>elastic-ci build [FILE]</c>: create a build from a pipeline file, or without one from the stored definition of
/// <c>--pipeline SLUG</c>; with <c>--watch</c>, follow it to the end.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string?>("FILE") { Description = "Pipeline YAML file (- for standard input); omitted: the stored definition of --pipeline", Arity = ArgumentArity.ZeroOrOne };
        var pipeline = new Option<string>("--pipeline") { Description = "Pipeline slug (default: default)" };
        var branch = new Option<string>("--branch") { Description = "Branch (default main)" };
        var commit = new Option<string>("--commit") { Description = "Commit (default HEAD)" };
        var message = new Option<string>("--message") { Description = "Build message" };
        var env = new Option<string[]>("--env") { Description = "Build environment K=V (repeatable)", AllowMultipleArgumentsPerToken = false };
        var repo = new Option<string>("--repo") { Description = "Repository URL to check out (BUILDKITE_REPO); becomes the pipeline's repository" };
        var tag = new Option<string>("--tag") { Description = "Tag to build (BUILDKITE_TAG, build.tag); the branch defaults to it" };
        var pullRequest = new Option<string>("--pull-request") { Description = "Pull request number (BUILDKITE_PULL_REQUEST, build.pull_request.id); checks out refs/pull/N/head" };
        var prBase = new Option<string>("--pull-request-base-branch") { Description = "Branch the pull request merges into" };
        var prRepo = new Option<string>("--pull-request-repo") { Description = "Repository the pull request comes from" };
        var prDraft = new Option<bool>("--pull-request-draft") { Description = "The pull request is a draft" };
        var prLabel = new Option<string[]>("--pull-request-label") { Description = "A pull request label (repeatable)", AllowMultipleArgumentsPerToken = false };
        var noInterpolation = new Option<bool>("--no-interpolation") { Description = "Do not interpolate $VAR in the pipeline file (as pipeline upload --no-interpolation)" };
        var watch = new Option<bool>("--watch") { Description = "Show job states and logs until the build finishes; exit 0 if it passed, 1 otherwise" };
        var client = new ClientOptions();
        var command = new Command("build", "Create a build from a pipeline file or a stored pipeline definition") { file, pipeline, branch, commit, message, env, repo, tag, pullRequest, prBase, prRepo, prDraft, prLabel, noInterpolation, watch };
        client.AddTo(command);
        BuildLifecycleCommands.AddTo(command, output, error);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            var path = parse.GetValue(file);
            if (path is null && parse.GetValue(pipeline) is null)
            {
                await error.WriteLineAsync("elastic-ci: build needs a pipeline FILE, or --pipeline SLUG to build the pipeline's stored definition");
                return CliApp.ExitUsage;
            }
            string? yaml;
            try
            {
                yaml = path switch
                {
                    null => null,
                    "-" => await Console.In.ReadToEndAsync(cancellationToken),
                    _ => await File.ReadAllTextAsync(path, cancellationToken),
                };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"elastic-ci: cannot read {path}: {ex.Message}");
                return CliApp.ExitUsage;
            }
            var buildEnv = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(env) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    await error.WriteLineAsync($"elastic-ci: --env '{pair}' is not K=V");
                    return CliApp.ExitUsage;
                }
                buildEnv[pair[..eq]] = pair[(eq + 1)..];
            }
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var request = new CreateBuildRequest(parse.GetValue(pipeline) ?? "default", yaml, path is null or "-" ? "pipeline.yml" : Path.GetFileName(path),
                parse.GetValue(branch), parse.GetValue(commit), parse.GetValue(message), buildEnv, parse.GetValue(repo))
            {
                Tag = parse.GetValue(tag),
                PullRequest = parse.GetValue(pullRequest),
                PullRequestBaseBranch = parse.GetValue(prBase),
                PullRequestRepository = parse.GetValue(prRepo),
                PullRequestDraft = parse.GetValue(prDraft),
                PullRequestLabels = parse.GetValue(prLabel) is { Length: > 0 } labels ? labels : null,
                NoInterpolation = parse.GetValue(noInterpolation),
            };
            var build = await api.CreateBuildAsync(request, cancellationToken);
            var json = client.Json(parse);
            if (!parse.GetValue(watch))
            {
                await WriteAsync(build, json, output);
                return CliApp.ExitOk;
            }
            // With JSON output, progress goes to stderr so stdout holds exactly one JSON document.
            var finished = await new BuildWatcher(api, json ? error : output).WatchAsync(build, cancellationToken);
            await WriteAsync(finished, json, output);
            return TerminalStates.IsBuildPassed(finished.State) ? CliApp.ExitOk : CliApp.ExitFailed;
        }));
        return command;
    }

    /// <summary>The build as <c>build</c> and <c>build show</c> print it: one line, its jobs, then any warnings.</summary>
    internal static async Task WriteAsync(BuildDto build, bool json, TextWriter output)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(build, ProtocolJsonContext.Default.BuildDto));
            return;
        }
        await output.WriteLineAsync($"Build #{build.Number} of {build.Pipeline} ({build.Id}): {build.State}");
        foreach (var job in build.Jobs)
        {
            var exit = job.ExitStatus is { } status ? $" exit {status}" : "";
            var agent = job.Agent is { } a ? $" on {a.Name}" : "";
            await output.WriteLineAsync($"  {job.State,-10} {job.Label}{exit}{agent}{(job.SoftFailed ? " (soft fail)" : "")}");
        }
        foreach (var warning in build.Warnings)
        {
            await output.WriteLineAsync($"Warning: {warning.Message}");
        }
    }
}
