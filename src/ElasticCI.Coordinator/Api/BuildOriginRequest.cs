using ElasticCI.Builds;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Api;

/// <summary>The tag and pull-request fields of a create-build request: their checks and the <see cref="BuildOrigin"/> they make.</summary>
internal static class BuildOriginRequest
{
    public const int MaxLabels = 100;

    public static List<string> Validate(CreateBuildRequest? request)
    {
        var errors = new List<string>();
        if (request is null)
        {
            return errors;
        }
        if (request.Tag is { } tag && (tag.Length is 0 or > 255 || tag.Any(char.IsControl) || tag.Any(char.IsWhiteSpace)))
        {
            errors.Add("tag must be 1 to 255 characters without spaces or control characters");
        }
        if (request.PullRequest is { } id && (id.Length is 0 or > 10 || !id.All(char.IsAsciiDigit)))
        {
            errors.Add($"pull_request must be the pull request's number, was '{id}'");
        }
        var hasDetails = request.PullRequestBaseBranch is not null || request.PullRequestRepository is not null
            || request.PullRequestDraft || request.PullRequestLabels is { Count: > 0 };
        if (request.PullRequest is null && hasDetails)
        {
            errors.Add("pull_request_base_branch, pull_request_repository, pull_request_draft and pull_request_labels need pull_request (the number)");
        }
        if (request.PullRequestBaseBranch is { } baseBranch && (baseBranch.Length > 255 || baseBranch.Any(char.IsControl)))
        {
            errors.Add("pull_request_base_branch must be at most 255 characters without control characters");
        }
        if (request.PullRequestRepository is { } repository && (repository.Length > 2048 || repository.Any(char.IsControl)))
        {
            errors.Add("pull_request_repository must be at most 2048 characters without control characters");
        }
        if (request.PullRequestLabels is { Count: > MaxLabels })
        {
            errors.Add($"a pull request may have at most {MaxLabels} labels");
        }
        foreach (var label in request.PullRequestLabels ?? [])
        {
            // BUILDKITE_PULL_REQUEST_LABELS joins them with commas, so a comma inside one would split it.
            if (string.IsNullOrWhiteSpace(label) || label.Length > 255 || label.Any(char.IsControl) || label.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"pull request label '{label}' must be 1 to 255 characters without commas or control characters");
            }
        }
        return errors;
    }

    public static BuildOrigin Of(CreateBuildRequest request, string source, string pipelineName)
    {
        var pullRequest = request.PullRequest is { } id
            ? new PullRequestInfo(id, request.PullRequestBaseBranch ?? "", request.PullRequestDraft, request.PullRequestLabels ?? [],
                request.PullRequestRepository ?? "", RepositoryFork: false)
            : null;
        return new BuildOrigin(source, request.Tag, pullRequest, pipelineName);
    }
}
