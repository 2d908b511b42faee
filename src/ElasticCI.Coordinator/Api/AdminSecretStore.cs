using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Secrets;
using ElasticCI.Protocol;
using ElasticCI.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// Which store the secrets admin API (<c>/api/v1/secrets</c>) acts on: the coordinator's own store, or with
/// <c>?stack=NAME</c> the <c>SecretsBucket</c> of that stack, the very store its jobs read, so a secret put there is
/// what the stack's next job gets. The coordinator does the bucket I/O with its own credentials (the CLI needs none).
/// </summary>
internal static class AdminSecretStore
{
    public static (ISecretStore? Store, JsonHttpResult<ProblemDto>? Problem) Select(
        string? stack, ISecretStore own, JobSecretStores stores, StackRegistry stacks)
    {
        if (stack is null)
        {
            return (own, null);
        }
        if (stacks.Find(stack) is not { } runtime)
        {
            return (null, Problems.NotFound($"Stack '{stack}'"));
        }
        if (stores.BucketOf(stack) is { } bucket)
        {
            return (bucket, null);
        }
        // Buckets are opened at start (JobSecretStores); a bucket added by `stack apply` is not read by jobs before a restart either.
        return (null, Problems.Conflict(runtime.Definition.SecretsBucket is null
            ? $"Stack '{stack}' has no SecretsBucket: its jobs read the coordinator's own secrets store, which `secrets` without --stack manages"
            : $"Stack '{stack}' got its SecretsBucket after this coordinator started; jobs read it only after a restart, so it cannot be managed yet"));
    }
}
