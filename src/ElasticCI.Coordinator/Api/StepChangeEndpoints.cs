using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// <c>POST /api/agent/v1/job/steps/update</c> and <c>/steps/cancel</c> for <c>buildkite-agent step update|cancel</c>:
/// a job changes a step of its own build only (its token names the build).
/// </summary>
internal static class StepChangeEndpoints
{
    public const int MaxLabelLength = 1000;

    public static async Task<Results<Ok<StepChangedDto>, JsonHttpResult<ProblemDto>>> UpdateAsync(
        HttpContext http, StepUpdateRequest? request, IStepStore steps, CancellationToken cancellationToken)
    {
        var caller = http.Job();
        var errors = new List<string>();
        if (request is null)
        {
            return Problems.BadRequest(["a JSON body {step, attribute, value} is required"]);
        }
        if (request.Attribute != "label")
        {
            errors.Add($"attribute '{request.Attribute}' cannot be updated (supported: label)");
        }
        if (string.IsNullOrEmpty(request.Value) || request.Value.Length > MaxLabelLength || request.Value.Any(char.IsControl))
        {
            errors.Add($"value must be 1 to {MaxLabelLength} characters without control characters");
        }
        var key = string.IsNullOrEmpty(request.Step) ? caller.StepKey : request.Step;
        if (key is null)
        {
            errors.Add("this job's step has no key: name a step with --step");
        }
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        var changed = await steps.UpdateStepLabelAsync(caller.BuildId, key!, request.Value, cancellationToken);
        return changed == 0 ? Problems.NotFound($"Step '{key}' in build {caller.BuildId}") : TypedResults.Ok(new StepChangedDto(key!, changed));
    }

    public static async Task<Results<Ok<StepChangedDto>, JsonHttpResult<ProblemDto>>> CancelAsync(
        HttpContext http, StepCancelRequest? request, IStepStore steps, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = http.Job();
        if (string.IsNullOrEmpty(request?.Step) || request.Step.Length > 100 || request.Step.Any(char.IsControl))
        {
            return Problems.BadRequest(["step (a step key of this build, at most 100 characters) is required"]);
        }
        var jobs = await steps.CancelStepAsync(caller.BuildId, request.Step, time.GetUtcNow(), cancellationToken);
        return jobs == 0 ? Problems.NotFound($"Step '{request.Step}' in build {caller.BuildId}") : TypedResults.Ok(new StepChangedDto(request.Step, jobs));
    }
}
