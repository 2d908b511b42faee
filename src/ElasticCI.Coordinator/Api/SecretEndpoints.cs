using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Secrets;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Secrets;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// The secret store over HTTP: the admin API (<c>/api/v1/secrets</c>, API token) and the job broker
/// (<c>/api/agent/v1/job/secrets</c>, job token), which answers only what the original hooks' layout lets that job see.
/// </summary>
internal static partial class SecretEndpoints
{
    public static void MapSecretEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/secrets").WithTags("Secrets").AddEndpointFilter(AuthFilters.RequireUserAsync);
        admin.MapGet("", ListAsync).WithName("ListSecrets");
        admin.MapPut("/{*key}", PutAsync).WithName("PutSecret");
        admin.MapGet("/{*key}", GetAsync).WithName("GetSecret");
        admin.MapDelete("/{*key}", DeleteAsync).WithName("DeleteSecret");

        var job = routes.MapGroup("/api/agent/v1/job/secrets").WithTags("Job API").AddEndpointFilter(AuthFilters.RequireJobAsync);
        job.MapGet("", GetJobSecretsAsync).WithName("GetJobSecrets");
        job.MapGet("/{*key}", GetJobSecretAsync).WithName("GetJobSecret");
        routes.MapSecretsAuditEndpoint();
    }

    // Clients send the key as one escaped segment (so '..' is never collapsed on the way); '/' may stay escaped.
    private static string? FullKey(string? key, string? pipeline, out string? problem)
    {
        key = (key ?? "").Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (pipeline is not null)
        {
            if (SecretKeys.Check(pipeline) is { } bad)
            {
                problem = "pipeline: " + bad;
                return null;
            }
            key = pipeline + "/" + key;
        }
        problem = SecretKeys.Check(key);
        return problem is null ? key : null;
    }

    private static async Task<Results<Ok<SecretListDto>, JsonHttpResult<ProblemDto>>> ListAsync(
        string? prefix, string? stack, ISecretStore own, JobSecretStores stores, StackRegistry stacks, CancellationToken cancellationToken)
    {
        prefix ??= "";
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }
        if (prefix.Length > 0 && SecretKeys.Check(prefix[..^1]) is { } problem)
        {
            return Problems.BadRequest(["prefix: " + problem]);
        }
        var (store, refused) = AdminSecretStore.Select(stack, own, stores, stacks);
        if (store is null)
        {
            return refused!;
        }
        try
        {
            var entries = await store.ListAsync(prefix, cancellationToken);
            return TypedResults.Ok(new SecretListDto(entries.Select(e => new SecretEntryDto(e.Key, e.Size, e.UpdatedAt)).ToList()));
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<Results<NoContent, JsonHttpResult<ProblemDto>>> PutAsync(
        HttpContext http, string? key, string? pipeline, string? stack, ISecretStore own, JobSecretStores stores, StackRegistry stacks,
        CancellationToken cancellationToken)
    {
        var full = FullKey(key, pipeline, out var problem);
        if (full is null)
        {
            return Problems.BadRequest([problem!]);
        }
        var (store, refused) = AdminSecretStore.Select(stack, own, stores, stacks);
        if (store is null)
        {
            return refused!;
        }
        var value = await ReadBodyAsync(http.Request.Body, cancellationToken);
        try
        {
            SecretKeys.ValidateValue(value);
            await store.PutAsync(full, value, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest([Clean(ex)]);
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ProblemDto>>> GetAsync(
        string? key, string? pipeline, string? stack, ISecretStore own, JobSecretStores stores, StackRegistry stacks,
        CancellationToken cancellationToken)
    {
        var full = FullKey(key, pipeline, out var problem);
        if (full is null)
        {
            return Problems.BadRequest([problem!]);
        }
        var (store, refused) = AdminSecretStore.Select(stack, own, stores, stacks);
        if (store is null)
        {
            return refused!;
        }
        try
        {
            return await store.GetAsync(full, cancellationToken) is { } value
                ? TypedResults.File(value, "application/octet-stream")
                : Problems.NotFound($"Secret '{full}'");
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<Results<NoContent, JsonHttpResult<ProblemDto>>> DeleteAsync(
        string? key, string? pipeline, string? stack, ISecretStore own, JobSecretStores stores, StackRegistry stacks,
        CancellationToken cancellationToken)
    {
        var full = FullKey(key, pipeline, out var problem);
        if (full is null)
        {
            return Problems.BadRequest([problem!]);
        }
        var (store, refused) = AdminSecretStore.Select(stack, own, stores, stacks);
        if (store is null)
        {
            return refused!;
        }
        try
        {
            if (await store.GetAsync(full, cancellationToken) is null)
            {
                return Problems.NotFound($"Secret '{full}'");
            }
            await store.DeleteAsync(full, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<Results<Ok<JobSecretsDto>, JsonHttpResult<ProblemDto>>> GetJobSecretsAsync(
        HttpContext http, JobSecretStores stores, IBuildStore builds, IPipelineGrantStore pipelineGrants, ISecretsAuditStore audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var store = stores.For(http.Job().Queue);
        var (prefix, refusal) = store is null ? default : await JobSecretsPrefix.ResolveAsync(http.Job(), builds, stores, pipelineGrants, audit, time, cancellationToken);
        if (refusal is not null)
        {
            return PrefixRefused(refusal);
        }
        if (store is null || prefix is null)
        {
            return TypedResults.Ok(new JobSecretsDto("", [], [], [], new Dictionary<string, string>(), []));
        }
        try
        {
            return TypedResults.Ok(await JobSecretsReader.ReadAsync(store, prefix, cancellationToken));
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ProblemDto>>> GetJobSecretAsync(
        HttpContext http, string? key, JobSecretStores stores, IBuildStore builds, IPipelineGrantStore pipelineGrants, ISecretsAuditStore audit, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var full = FullKey(key, null, out var problem);
        if (full is null)
        {
            return Problems.BadRequest([problem!]);
        }
        var job = http.Job();
        var store = stores.For(job.Queue);
        var (prefix, refusal) = store is null ? default : await JobSecretsPrefix.ResolveAsync(job, builds, stores, pipelineGrants, audit, time, cancellationToken);
        if (refusal is not null)
        {
            return PrefixRefused(refusal);
        }
        if (store is null || prefix is null || !JobSecretsReader.MayRead(prefix, full))
        {
            Log.Refused(loggers.CreateLogger("ElasticCI.Coordinator.Secrets"), job.Id, prefix ?? "(secrets disabled)", full);
            return Problems.Of(StatusCodes.Status403Forbidden, "This job may not read that secret",
                $"Secret '{full}' is outside what a job with prefix '{prefix}' may read.");
        }
        try
        {
            return await store.GetAsync(full, cancellationToken) is { } value
                ? TypedResults.File(value, "application/octet-stream")
                : Problems.NotFound($"Secret '{full}'");
        }
        catch (SecretStoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        // One byte over the limit is enough to refuse with the store's own message.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > SecretKeys.MaxValueBytes)
            {
                break;
            }
        }
        return buffer.ToArray();
    }

    private static string Clean(ArgumentException ex)
        => ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);

    private static JsonHttpResult<ProblemDto> PrefixRefused(string refusal)
        => Problems.Of(StatusCodes.Status403Forbidden, "The secrets prefix is not granted to this pipeline", refusal);

    private static JsonHttpResult<ProblemDto> Unavailable(SecretStoreUnavailableException ex)
        => Problems.Of(StatusCodes.Status503ServiceUnavailable, "The secret store is unavailable", ex.Message);

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.SecretEndpointsRefused, Level = LogLevel.Warning, Message = "Refused job {JobId} (secrets prefix {Prefix}) the secret {Key}: outside its pipeline's secrets")]
        public static partial void Refused(ILogger logger, string jobId, string prefix, string key);
    }
}
