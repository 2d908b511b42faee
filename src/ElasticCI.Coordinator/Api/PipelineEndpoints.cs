using System.Text;
using ElasticCI.Builds;
using ElasticCI.Coordinator.Security;
using ElasticCI.Pipelines;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Pipelines;
using ElasticCI.Secrets;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Api;

/// <summary>Stored pipeline definitions: <c>PUT/GET/DELETE /api/v1/pipelines/{slug}</c> and the list.</summary>
internal static class PipelineEndpoints
{
    public static void MapPipelineEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/pipelines").WithTags("Pipelines").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapGet("/", ListAsync).WithName("ListPipelines");
        group.MapPut("/{slug}", PutAsync).WithName("PutPipeline");
        group.MapGet("/{slug}", GetAsync).WithName("GetPipeline");
        group.MapDelete("/{slug}", DeleteAsync).WithName("DeletePipeline");
    }

    private static async Task<Ok<PipelineListDto>> ListAsync(IPipelineStore pipelines, IPipelineGrantStore grants, CancellationToken cancellationToken)
    {
        var list = new List<PipelineDto>();
        foreach (var pipeline in await pipelines.ListPipelinesAsync(cancellationToken))
        {
            list.Add(ToDto(pipeline, await grants.GetPipelineGrantsAsync(pipeline.Slug, cancellationToken)));
        }
        return TypedResults.Ok(new PipelineListDto(list));
    }

    private static async Task<Results<Ok<PipelineDto>, JsonHttpResult<ProblemDto>>> GetAsync(
        string slug, IPipelineStore pipelines, IPipelineGrantStore grants, CancellationToken cancellationToken)
        => await pipelines.GetPipelineAsync(slug, cancellationToken) is { } pipeline
            ? TypedResults.Ok(ToDto(pipeline, await grants.GetPipelineGrantsAsync(slug, cancellationToken))) : Problems.NotFound($"Pipeline {slug}");

    private static async Task<Results<NoContent, JsonHttpResult<ProblemDto>>> DeleteAsync(
        string slug, IPipelineStore pipelines, CancellationToken cancellationToken)
    {
        // The store removes the definition's secrets prefix grants with it (one transaction).
        if (!await pipelines.DeletePipelineAsync(slug, cancellationToken))
        {
            return Problems.NotFound($"Pipeline {slug}");
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PipelineDto>, Created<PipelineDto>, JsonHttpResult<ProblemDto>>> PutAsync(
        string slug, PutPipelineRequest? request, IPipelineStore pipelines, IPipelineGrantStore grants, IOptions<CoordinatorOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Validate(slug, request);
        errors.AddRange(PipelineGrantRules.Check(request?.SecretsPrefixGrants));
        var yamlErrors = new List<string>();
        var jobs = 0;
        if (request?.Configuration is { } yaml && !string.IsNullOrWhiteSpace(yaml) && Encoding.UTF8.GetByteCount(yaml) <= BuildEndpoints.MaxPipelineBytes)
        {
            yamlErrors.AddRange(Check(yaml, FileName(request.FileName), slug, request, out jobs));
        }
        if (errors.Count > 0)
        {
            return Problems.BadRequest([.. errors, .. yamlErrors]);
        }
        if (yamlErrors.Count > 0)
        {
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "The pipeline is invalid", errors: yamlErrors);
        }
        // Every build of this definition would be refused at creation: refuse storing it, with the same problem.
        if (jobs > options.Value.MaxJobsPerBuild)
        {
            return BuildEndpoints.TooManyJobs(jobs, options.Value.MaxJobsPerBuild);
        }
        var now = time.GetUtcNow();
        var record = new PipelineRecord(
            slug, string.IsNullOrWhiteSpace(request!.Name) ? slug : request.Name, request.Repository ?? "",
            string.IsNullOrWhiteSpace(request.DefaultBranch) ? "main" : request.DefaultBranch, request.Configuration!, now, now);
        var created = await pipelines.PutPipelineAsync(record, now, cancellationToken);
        if (request.SecretsPrefixGrants is { } granted)
        {
            await grants.SetPipelineGrantsAsync(slug, PipelineGrantRules.Normalize(granted), cancellationToken);
        }
        else if (created)
        {
            // A new definition of a slug whose old definition was deleted starts without grants.
            await grants.SetPipelineGrantsAsync(slug, [], cancellationToken);
        }
        var stored = ToDto((await pipelines.GetPipelineAsync(slug, cancellationToken))!, await grants.GetPipelineGrantsAsync(slug, cancellationToken));
        return created ? TypedResults.Created($"/api/v1/pipelines/{slug}", stored) : TypedResults.Ok(stored);
    }

    /// <summary>The same checks a build of this pipeline gets at creation: parse, then plan on the default branch.</summary>
    private static IEnumerable<string> Check(string yaml, string fileName, string slug, PutPipelineRequest request, out int jobs)
    {
        jobs = 0;
        var parsed = PipelineParser.Parse(yaml, fileName);
        if (!parsed.Succeeded)
        {
            return parsed.Errors.Select(e => e.ToString());
        }
        var plan = BuildPlanner.Plan(parsed.Pipeline!, fileName, new BuildContext
        {
            Branch = string.IsNullOrWhiteSpace(request.DefaultBranch) ? "main" : request.DefaultBranch,
            Commit = "HEAD",
            Source = "api",
            PipelineSlug = slug,
            Repository = request.Repository ?? "",
            Env = new Dictionary<string, string>(),
        });
        jobs = plan.Jobs.Count;
        return plan.Succeeded ? [] : plan.Errors.Select(e => e.ToString());
    }

    private static string FileName(string? fileName) => string.IsNullOrWhiteSpace(fileName) ? "pipeline.yml" : Path.GetFileName(fileName);

    private static List<string> Validate(string slug, PutPipelineRequest? request)
    {
        var errors = new List<string>();
        if (!BuildEndpoints.Slug().IsMatch(slug))
        {
            errors.Add($"the slug must be lower-case letters, digits and dashes (at most 100), was '{slug}'");
        }
        if (request is null)
        {
            errors.Add("a JSON body is required");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(request.Configuration))
        {
            errors.Add("configuration (the pipeline YAML) is required");
        }
        else if (Encoding.UTF8.GetByteCount(request.Configuration) > BuildEndpoints.MaxPipelineBytes)
        {
            errors.Add($"configuration may be at most {BuildEndpoints.MaxPipelineBytes} bytes");
        }
        if (request.Name is { } name && (name.Length > 255 || name.Any(char.IsControl)))
        {
            errors.Add("name must be at most 255 characters without control characters");
        }
        if (request.Repository is { } repository && (repository.Length > 2048 || repository.Any(char.IsControl)))
        {
            errors.Add("repository must be at most 2048 characters without control characters");
        }
        if (request.DefaultBranch is { } branch && (branch.Length > 255 || branch.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add("defaultBranch must be at most 255 characters without spaces or control characters");
        }
        return errors;
    }

    private static PipelineDto ToDto(PipelineRecord p, IReadOnlyList<string> grants)
        => new(p.Slug, p.Name, p.Repository, p.DefaultBranch, p.Configuration, p.CreatedAt, p.UpdatedAt) { SecretsPrefixGrants = grants };
}
