using System.CommandLine;
using ElasticCI.Protocol.Jobs;

namespace ElasticCI.InJob;

/// <summary><c>buildkite-agent pipeline upload [FILE] [--replace]</c>: insert steps into the running build after this job.</summary>
internal static class PipelineCommand
{
    // The Buildkite agent's lookup order when no file is named.
    private static readonly string[] DefaultFiles =
        [".buildkite/pipeline.yml", ".buildkite/pipeline.yaml", ".buildkite/pipeline.json", "buildkite.yml", "buildkite.yaml", "buildkite.json"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string?>("FILE") { Arity = ArgumentArity.ZeroOrOne, Description = "Pipeline file, or - for standard input (default: .buildkite/pipeline.yml and the agent's other default names)" };
        var replace = new Option<bool>("--replace") { Description = "Replace the rest of the build (jobs not started yet) with the uploaded steps" };
        var noInterpolation = new Option<bool>("--no-interpolation") { Description = "Upload the document as it is, without replacing $VARS from the environment" };
        var upload = new Command("upload", "Upload steps into the running build") { file, replace, noInterpolation };
        upload.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var path = parse.GetValue(file) ?? DefaultFiles.FirstOrDefault(File.Exists);
            if (path is null)
            {
                await error.WriteLineAsync($"buildkite-agent: no pipeline file given and none of {string.Join(", ", DefaultFiles)} exists");
                return InJobExit.Usage;
            }
            if (path != "-" && !File.Exists(path))
            {
                await error.WriteLineAsync($"buildkite-agent: {path} does not exist");
                return InJobExit.Usage;
            }
            var yaml = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            // One id per invocation: if the request is retried, the coordinator inserts the steps once.
            var environment = parse.GetValue(noInterpolation)
                ? null
                : Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
            // if_changed is decided against this checkout's git diff (see ChangedFiles); the coordinator marks non-matching steps skipped.
            IReadOnlyList<string>? changed = null;
            if (yaml.Contains("if_changed", StringComparison.Ordinal))
            {
                (changed, var note) = await ChangedFiles.ComputeAsync(Environment.CurrentDirectory, ct);
                if (note is not null)
                {
                    await error.WriteLineAsync("buildkite-agent: " + note);
                }
            }
            var request = new PipelineUploadRequest(yaml, path == "-" ? "pipeline.yml" : Path.GetFileName(path), Guid.NewGuid().ToString(),
                parse.GetValue(replace), environment, changed);
            var result = await api.UploadPipelineAsync(request, ct);
            await output.WriteLineAsync($"Uploaded {result.JobIds.Count} job(s) into the build");
            return InJobExit.Ok;
        }));
        return new Command("pipeline", "Dynamic pipelines") { upload };
    }
}
