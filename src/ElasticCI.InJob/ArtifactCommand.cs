using System.CommandLine;
using ElasticCI.Protocol.Jobs;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ElasticCI.InJob;

/// <summary><c>buildkite-agent artifact upload|download|search|shasum</c>.</summary>
internal static class ArtifactCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var pattern = new Argument<string>("PATTERN") { Description = "Glob(s) relative to the current directory, separated by ';'" };
        var upload = new Command("upload", "Upload files matching the glob(s)") { pattern };
        upload.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var root = Directory.GetCurrentDirectory();
            var matcher = new Matcher(StringComparison.Ordinal);
            foreach (var glob in parse.GetValue(pattern)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Path.IsPathRooted(glob) || glob.Split('/').Contains(".."))
                {
                    await error.WriteLineAsync($"buildkite-agent: refusing '{glob}': artifact paths must be relative and stay inside the build directory");
                    return InJobExit.Usage;
                }
                matcher.AddInclude(glob);
            }
            var files = matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                await using var stream = File.OpenRead(file);
                var artifact = await api.UploadArtifactAsync(relative, stream, ct);
                await output.WriteLineAsync($"Uploaded {artifact.Path} ({artifact.Size} bytes, sha256 {artifact.Sha256})");
            }
            if (files.Count == 0)
            {
                await error.WriteLineAsync($"buildkite-agent: no files match '{parse.GetValue(pattern)}'");
            }
            return InJobExit.Ok;
        }));

        var query = new Argument<string>("QUERY") { Description = "Glob matched against artifact paths of this build" };
        var destination = new Argument<string>("DESTINATION") { Description = "Directory to download into" };
        var step = new Option<string?>("--step") { Description = "Only artifacts of this job id" };
        var download = new Command("download", "Download artifacts matching the query") { query, destination, step };
        download.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var matches = await FindAsync(api, parse.GetValue(query)!, parse.GetValue(step), ct);
            if (matches.Count == 0)
            {
                await error.WriteLineAsync($"buildkite-agent: no artifacts match '{parse.GetValue(query)}'");
                return InJobExit.Failed;
            }
            var root = Path.GetFullPath(parse.GetValue(destination)!);
            foreach (var artifact in matches)
            {
                var target = Path.GetFullPath(Path.Combine(root, artifact.Path));
                if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    await error.WriteLineAsync($"buildkite-agent: skipping '{artifact.Path}': it would land outside {root}");
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var file = File.Create(target);
                await api.DownloadArtifactAsync(artifact.Id, file, ct);
                await output.WriteLineAsync($"Downloaded {artifact.Path}");
            }
            return InJobExit.Ok;
        }));

        var searchQuery = new Argument<string>("QUERY");
        var search = new Command("search", "List artifacts matching the query") { searchQuery };
        search.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var matches = await FindAsync(api, parse.GetValue(searchQuery)!, null, ct);
            foreach (var artifact in matches)
            {
                await output.WriteLineAsync($"{artifact.JobId} {artifact.Path} {artifact.Size} {artifact.CreatedAt:O}");
            }
            return matches.Count > 0 ? InJobExit.Ok : InJobExit.Failed;
        }));

        var shaQuery = new Argument<string>("QUERY");
        var sha256 = new Option<bool>("--sha256") { Description = "Print SHA-256 instead of SHA-1" };
        var shasum = new Command("shasum", "Print the checksum of the one artifact matching the query") { shaQuery, sha256 };
        shasum.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var matches = await FindAsync(api, parse.GetValue(shaQuery)!, null, ct);
            if (matches.Count != 1)
            {
                await error.WriteLineAsync($"buildkite-agent: '{parse.GetValue(shaQuery)}' matches {matches.Count} artifacts, not one");
                return InJobExit.Failed;
            }
            await output.WriteLineAsync(parse.GetValue(sha256) ? matches[0].Sha256 : matches[0].Sha1);
            return InJobExit.Ok;
        }));

        return new Command("artifact", "Build artifacts") { upload, download, search, shasum };
    }

    private static async Task<List<ArtifactDto>> FindAsync(ElasticCI.Client.JobApiClient api, string query, string? jobId, CancellationToken cancellationToken)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(query);
        var all = await api.ListArtifactsAsync(cancellationToken);
        return all.Where(a => (jobId is null || a.JobId == jobId) && matcher.Match(a.Path).HasMatches).ToList();
    }
}
