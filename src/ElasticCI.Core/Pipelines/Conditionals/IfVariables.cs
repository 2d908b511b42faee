using ElasticCI.Builds;

namespace ElasticCI.Pipelines.Conditionals;

/// <summary>The variables an <c>if</c> expression may read, and how each is taken from a <see cref="BuildContext"/>.</summary>
internal static class IfVariables
{
    private static readonly Dictionary<string, Func<BuildContext, object?>> Variables = new(StringComparer.Ordinal)
    {
        ["build.branch"] = c => c.Branch,
        ["build.commit"] = c => c.Commit,
        ["build.message"] = c => c.Message,
        ["build.number"] = c => c.Number,
        ["build.id"] = c => c.Id,
        ["build.tag"] = c => c.Tag,
        ["build.source"] = c => c.Source,
        ["build.state"] = c => c.State,
        ["build.creator.id"] = c => c.Creator.Id,
        ["build.creator.name"] = c => c.Creator.Name,
        ["build.creator.email"] = c => c.Creator.Email,
        ["build.creator.teams"] = c => c.Creator.Teams,
        ["build.author.id"] = c => c.Author.Id,
        ["build.author.name"] = c => c.Author.Name,
        ["build.author.email"] = c => c.Author.Email,
        ["build.author.teams"] = c => c.Author.Teams,
        ["build.pull_request.id"] = c => c.PullRequest?.Id,
        ["build.pull_request.base_branch"] = c => c.PullRequest?.BaseBranch,
        ["build.pull_request.draft"] = c => c.PullRequest?.Draft,
        ["build.pull_request.labels"] = c => c.PullRequest?.Labels ?? [],
        ["build.pull_request.repository"] = c => c.PullRequest?.Repository,
        ["build.pull_request.repository.fork"] = c => c.PullRequest?.RepositoryFork,
        ["pipeline.slug"] = c => c.PipelineSlug,
        ["pipeline.id"] = c => c.PipelineId,
        ["pipeline.default_branch"] = c => c.DefaultBranch,
        ["pipeline.repository"] = c => c.Repository,
        ["organization.slug"] = c => c.OrganizationSlug,
        ["organization.id"] = c => c.OrganizationId,
    };

    public static bool IsKnown(string name) => Variables.ContainsKey(name);

    public static object? Read(string name, BuildContext context) => Variables[name](context);
}
