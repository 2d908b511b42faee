namespace ElasticCI.Protocol.JobApi;

/// <summary>Values of <see cref="JobApiRequest.Action"/>.</summary>
public static class JobApiActions
{
    /// <summary>Read variables of the job's environment.</summary>
    public const string Get = "get";

    /// <summary>Add or change variables for the job's later phases.</summary>
    public const string Set = "set";

    /// <summary>Remove variables for the job's later phases.</summary>
    public const string Unset = "unset";
}
