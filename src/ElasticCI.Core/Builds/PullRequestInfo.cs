namespace ElasticCI.Builds;

/// <summary>The pull request a build is for (<c>build.pull_request.*</c>).</summary>
internal sealed record PullRequestInfo(string Id, string BaseBranch, bool Draft, IReadOnlyList<string> Labels, string Repository, bool RepositoryFork);
