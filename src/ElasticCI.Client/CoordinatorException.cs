using System.Net;
using ElasticCI.Protocol;

namespace ElasticCI.Client;

/// <summary>The coordinator refused a request or answered with an error status.</summary>
public sealed class CoordinatorException : Exception
{
    /// <summary>Creates the exception from an HTTP status and the problem the coordinator returned.</summary>
    public CoordinatorException(HttpStatusCode statusCode, ProblemDto? problem)
        : base(Describe(statusCode, problem))
    {
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>The HTTP status the coordinator answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem details, when the coordinator sent them.</summary>
    public ProblemDto? Problem { get; }

    private static string Describe(HttpStatusCode statusCode, ProblemDto? problem)
    {
        if (problem is null)
        {
            return $"the coordinator answered {(int)statusCode} {statusCode}";
        }
        if (problem.Errors is { Count: > 0 } errors)
        {
            return string.Join(Environment.NewLine, errors);
        }
        return problem.Detail ?? problem.Title ?? $"the coordinator answered {(int)statusCode}";
    }
}
