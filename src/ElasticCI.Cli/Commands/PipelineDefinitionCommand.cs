using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci pipeline set|ls|show|rm</c>: stored pipeline definitions that <c>build --pipeline SLUG</c> and trigger steps build.</summary>
internal static class PipelineDefinitionCommand
{
    public static Command Create(TextWriter output, TextWriter error)
        => new("pipeline", "Manage stored pipeline definitions (slug, name, repository, default branch, YAML)")
        {
            CreateSet(output, error),
            CreateList(output, error),
            CreateShow(output, error),
            CreateRemove(error),
        };

    private static Command CreateSet(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var slug = new Argument<string>("SLUG");
        var file = new Option<string>("--file") { Description = "Pipeline YAML file (- for standard input)", Required = true };
        var repo = new Option<string>("--repo") { Description = "Repository builds check out (BUILDKITE_REPO)" };
        var branch = new Option<string>("--branch") { Description = "Default branch (default main)" };
        var name = new Option<string>("--name") { Description = "Human-readable name (default: the slug)" };
        var grants = new Option<string>("--secrets-prefix-grants")
        {
            Description = "Comma-separated secrets prefixes the pipeline's jobs may choose with BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX besides its slug; \"\" removes them (default: keep the stored ones)",
        };
        var set = new Command("set", "Create or replace a pipeline definition") { slug, file, repo, branch, name, grants };
        client.AddTo(set);
        set.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var path = parse.GetValue(file)!;
            string yaml;
            try
            {
                yaml = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"elastic-ci: cannot read {path}: {ex.Message}");
                return CliApp.ExitUsage;
            }
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            // Every element is sent as given (also an empty one between two commas): the coordinator refuses it, naming it.
            var granted = parse.GetValue(grants) is { } list ? (list.Length == 0 ? [] : list.Split(',')) : null;
            var request = new PutPipelineRequest(yaml, parse.GetValue(name), parse.GetValue(repo), parse.GetValue(branch),
                path == "-" ? "pipeline.yml" : Path.GetFileName(path)) { SecretsPrefixGrants = granted };
            var pipeline = await api.PutPipelineAsync(parse.GetValue(slug)!, request, ct);
            await WriteAsync(pipeline, client.Json(parse), output, withYaml: false);
            return CliApp.ExitOk;
        }));
        return set;
    }

    private static Command CreateList(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var list = new Command("ls", "List pipeline definitions");
        client.AddTo(list);
        list.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var pipelines = await api.ListPipelinesAsync(ct);
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(pipelines, ProtocolJsonContext.Default.PipelineListDto));
                return CliApp.ExitOk;
            }
            foreach (var p in pipelines.Pipelines)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Slug,-30} {p.DefaultBranch,-15} {(p.Repository.Length > 0 ? p.Repository : "-")}"));
            }
            return CliApp.ExitOk;
        }));
        return list;
    }

    private static Command CreateShow(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var slug = new Argument<string>("SLUG");
        var show = new Command("show", "Show a pipeline definition with its YAML") { slug };
        client.AddTo(show);
        show.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            await WriteAsync(await api.GetPipelineAsync(parse.GetValue(slug)!, ct), client.Json(parse), output, withYaml: true);
            return CliApp.ExitOk;
        }));
        return show;
    }

    private static Command CreateRemove(TextWriter error)
    {
        var client = new ClientOptions();
        var slug = new Argument<string>("SLUG");
        var remove = new Command("rm", "Delete a pipeline definition (its builds stay)") { slug };
        client.AddTo(remove);
        remove.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            await api.DeletePipelineAsync(parse.GetValue(slug)!, ct);
            return CliApp.ExitOk;
        }));
        return remove;
    }

    private static async Task WriteAsync(PipelineDto pipeline, bool json, TextWriter output, bool withYaml)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(pipeline, ProtocolJsonContext.Default.PipelineDto));
            return;
        }
        await output.WriteLineAsync($"Pipeline {pipeline.Slug} ({pipeline.Name})");
        await output.WriteLineAsync($"  repository:     {(pipeline.Repository.Length > 0 ? pipeline.Repository : "-")}");
        await output.WriteLineAsync($"  default branch: {pipeline.DefaultBranch}");
        await output.WriteLineAsync($"  secrets grants: {(pipeline.SecretsPrefixGrants.Count > 0 ? string.Join(", ", pipeline.SecretsPrefixGrants) : "-")}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  updated:        {pipeline.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
        if (withYaml)
        {
            await output.WriteLineAsync("---");
            await output.WriteAsync(pipeline.Configuration);
            if (!pipeline.Configuration.EndsWith('\n'))
            {
                await output.WriteLineAsync();
            }
        }
    }
}
