using ElasticCI.Client;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class JobEndpointsTests
{
    [Theory]
    [InlineData("http://a:1", null, "http://a:1/")]
    [InlineData("http://a:1", "http://b:2,http://a:1/", "http://a:1/ http://b:2/")]
    [InlineData("http://a:1", "http://b:2,,bad", "http://a:1/")]
    public void From_JobEndpointFirstThenTheAgentsOthers(string endpoint, string? alternatives, string expected)
    {
        var urls = JobEndpoints.From(endpoint, alternatives);

        Assert.Equal(expected, string.Join(' ', urls!.Select(u => u.AbsoluteUri)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ftp://a")]
    [InlineData("http://a:1,http://b:2")]
    public void From_MissingOrBadJobEndpoint_IsNull(string? endpoint) => Assert.Null(JobEndpoints.From(endpoint, "http://b:2"));
}
