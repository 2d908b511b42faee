using System.Text.RegularExpressions;
using ElasticCI.Builds;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Pipelines;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;
using ElasticCI.Storage;
using ElasticCI.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Api;

/// <summary>Builds: create from pipeline YAML, get, list, cancel, rebuild.</summary>
internal static partial class BuildEndpoints
{
    public const int MaxPipelineBytes = 1024 * 1024;

    public static RouteGroupBuilder MapBuildEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/builds").WithTags("Builds").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapPost("/", CreateAsync).WithName("CreateBuild");
        group.MapGet("/", ListAsync).WithName("ListBuilds");
        group.MapGet("/{id}", GetAsync).WithName("GetBuild");
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelBuild");
        group.MapPost("/{id}/rebuild", RebuildAsync).WithName("RebuildBuild");
        return group;
    }

    private static async Task<Results<Created<BuildDto>, JsonHttpResult<ProblemDto>>> CreateAsync(
        CreateBuildRequest? request, IBuildStore builds, IPipelineStore pipelines, CoordinatorAddress address, IOptions<CoordinatorOptions> options,
        StackRegistry stacks, IMetricsStore metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        errors.AddRange(BuildOriginRequest.Validate(request));
        // No YAML: the pipeline's stored definition. Its repository and default branch apply unless the request names them.
        var stored = errors.Count == 0 ? await pipelines.GetPipelineAsync(request!.Pipeline, cancellationToken) : null;
        if (errors.Count == 0 && string.IsNullOrWhiteSpace(request!.Yaml) && stored is null)
        {
            errors.Add($"yaml (the pipeline document) is required: pipeline '{request.Pipeline}' has no stored definition");
        }
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        var yaml = string.IsNullOrWhiteSpace(request!.Yaml) ? stored!.Configuration : request.Yaml;
        var fileName = string.IsNullOrWhiteSpace(request!.FileName) ? "pipeline.yml" : Path.GetFileName(request.FileName);
        // A tag build without a branch builds the tag's name as its branch, as Buildkite's tag pushes do.
        var branch = !string.IsNullOrWhiteSpace(request.Branch) ? request.Branch
            : !string.IsNullOrWhiteSpace(request.Tag) ? request.Tag
            : stored?.DefaultBranch ?? "main";
        var repository = request.Repository ?? stored?.Repository ?? "";
        var origin = BuildOriginRequest.Of(request, "api", stored?.Name ?? "");
        // The number and id are taken first: the document is interpolated with BUILDKITE_BUILD_NUMBER and _ID.
        var number = await builds.ReserveBuildNumberAsync(request.Pipeline, time.GetUtcNow(), cancellationToken);
        var buildId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var context = new BuildContext
        {
            Id = buildId,
            Number = number,
            Branch = branch,
            Commit = string.IsNullOrWhiteSpace(request.Commit) ? "HEAD" : request.Commit,
            Message = request.Message ?? "",
            Source = origin.Source,
            Tag = origin.Tag,
            PullRequest = origin.PullRequest,
            PipelineSlug = request.Pipeline,
            DefaultBranch = stored?.DefaultBranch ?? "",
            Repository = repository,
            Env = request.Env ?? new Dictionary<string, string>(),
        };
        var plan = BuildDocument.Prepare(yaml, fileName, context, origin.PipelineName, BuildUrl(address, buildId), !request.NoInterpolation);
        if (!plan.Succeeded)
        {
            return InvalidPipeline(plan.Errors);
        }
        if (plan.Jobs.Count > options.Value.MaxJobsPerBuild)
        {
            return TooManyJobs(plan.Jobs.Count, options.Value.MaxJobsPerBuild);
        }
        var build = await builds.CreateBuildAsync(new NewBuild(
            request.Pipeline,
            branch,
            context.Commit,
            context.Message,
            context.Env,
            yaml,
            plan.Jobs) { Repository = repository, Origin = origin, Identity = (buildId, number) }, time.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/api/v1/builds/{build.Id}", await new QueueWarnings(stacks, metrics).ToDtoAsync(build, cancellationToken));
    }

    /// <summary>The build's URL (<c>BUILDKITE_BUILD_URL</c>); empty while the coordinator's own address is not known yet.</summary>
    internal static string BuildUrl(CoordinatorAddress address, string buildId)
        => address.Url.IsCompletedSuccessfully ? $"{address.Url.Result}/api/v1/builds/{buildId}" : "";

    private static async Task<Results<Ok<BuildListDto>, JsonHttpResult<ProblemDto>>> ListAsync(
        string? pipeline, int? limit, IBuildStore builds, StackRegistry stacks, IMetricsStore metrics, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100)
        {
            return Problems.BadRequest(["limit must be between 1 and 100"]);
        }
        var list = await builds.ListBuildsAsync(pipeline, limit ?? 20, cancellationToken);
        var warnings = new QueueWarnings(stacks, metrics);
        var dtos = new List<BuildDto>(list.Count);
        foreach (var build in list)
        {
            dtos.Add(await warnings.ToDtoAsync(build, cancellationToken));
        }
        return TypedResults.Ok(new BuildListDto(dtos));
    }

    private static async Task<Results<Ok<BuildDto>, JsonHttpResult<ProblemDto>>> GetAsync(
        string id, IBuildStore builds, StackRegistry stacks, IMetricsStore metrics, CancellationToken cancellationToken)
        => await builds.GetBuildAsync(id, cancellationToken) is { } build
            ? TypedResults.Ok(await new QueueWarnings(stacks, metrics).ToDtoAsync(build, cancellationToken))
            : Problems.NotFound($"Build {id}");

    private static async Task<Results<Ok<BuildDto>, JsonHttpResult<ProblemDto>>> CancelAsync(
        string id, IBuildStore builds, TimeProvider time, CancellationToken cancellationToken)
    {
        var build = await builds.CancelBuildAsync(id, time.GetUtcNow(), cancellationToken);
        if (build is null)
        {
            return Problems.NotFound($"Build {id}");
        }
        return TypedResults.Ok(build.ToDto());
    }

    /// <summary>A new build of the same pipeline, YAML, branch, commit, message, environment and repository.</summary>
    private static async Task<Results<Created<BuildDto>, JsonHttpResult<ProblemDto>>> RebuildAsync(
        string id, IBuildStore builds, IPipelineStore pipelines, CoordinatorAddress address, IOptions<CoordinatorOptions> options,
        StackRegistry stacks, IMetricsStore metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await builds.GetBuildAsync(id, cancellationToken) is not { } build)
        {
            return Problems.NotFound($"Build {id}");
        }
        var request = new CreateBuildRequest(build.PipelineSlug, build.SourceYaml, "pipeline.yml", build.Branch, build.Commit, build.Message,
            new Dictionary<string, string>(build.Env, StringComparer.Ordinal), build.Repository)
        {
            Tag = build.Origin.Tag,
            PullRequest = build.Origin.PullRequest?.Id,
            PullRequestBaseBranch = build.Origin.PullRequest?.BaseBranch,
            PullRequestRepository = build.Origin.PullRequest?.Repository,
            PullRequestDraft = build.Origin.PullRequest?.Draft ?? false,
            PullRequestLabels = build.Origin.PullRequest?.Labels,
        };
        return await CreateAsync(request, builds, pipelines, address, options, stacks, metrics, time, cancellationToken);
    }

    /// <summary>The 422 for a build or upload that would take the build over the per-build job cap.</summary>
    internal static JsonHttpResult<ProblemDto> TooManyJobs(int count, int max)
        => Problems.Of(StatusCodes.Status422UnprocessableEntity, "Too many jobs in the build",
            $"The build would have {count} jobs, over the per-build job cap of {max} (MaxJobsPerBuild); nothing was changed.");

    internal static JsonHttpResult<ProblemDto> InvalidPipeline(IReadOnlyList<PipelineError> errors)
        => Problems.Of(StatusCodes.Status422UnprocessableEntity, "The pipeline is invalid", errors: errors.Select(e => e.ToString()).ToList());

    private static List<string> Validate(CreateBuildRequest? request)
    {
        var errors = new List<string>();
        if (request is null)
        {
            errors.Add("a JSON body is required");
            return errors;
        }
        if (request.Pipeline is null || !Slug().IsMatch(request.Pipeline))
        {
            errors.Add($"pipeline must be a slug of lower-case letters, digits and dashes (at most 100), was '{request.Pipeline}'");
        }
        if (request.Yaml is { Length: > MaxPipelineBytes })
        {
            errors.Add($"the pipeline may be at most {MaxPipelineBytes} bytes");
        }
        if (request.Branch is { Length: > 255 } || request.Commit is { Length: > 255 })
        {
            errors.Add("branch and commit must be at most 255 characters");
        }
        if (request.Repository is { Length: > 2048 } || request.Repository?.Any(char.IsControl) == true)
        {
            errors.Add("repository must be at most 2048 characters without control characters");
        }
        if (request.Message is { Length: > 65536 })
        {
            errors.Add("message must be at most 64 KiB");
        }
        EnvLimits.CheckMap("env", request.Env, errors);
        foreach (var key in request.Env?.Keys ?? Enumerable.Empty<string>())
        {
            if (!EnvName().IsMatch(key))
            {
                errors.Add($"env name '{key}' must be letters, digits and '_' and not start with a digit");
            }
        }
        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    internal static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$")]
    private static partial Regex EnvName();
}
