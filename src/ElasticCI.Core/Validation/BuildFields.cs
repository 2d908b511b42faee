namespace ElasticCI.Validation;

/// <summary>
/// The control-character rule for the fields a new build is made of, wherever they come from (the API, a trigger
/// step's <c>build.*</c>): branch and commit are one line, the message is free text, env names one line and values
/// free text, meta-data keys one line and values free text.
/// </summary>
internal static class BuildFields
{
    /// <summary>Every problem, each naming its field as <paramref name="prefix"/> + field (e.g. <c>build.branch</c>).</summary>
    public static List<string> Check(
        string prefix,
        string? branch,
        string? commit,
        string? message,
        IEnumerable<KeyValuePair<string, string>>? env,
        IEnumerable<KeyValuePair<string, string>>? metaData)
    {
        var errors = new List<string>();
        Add(errors, ControlCharacters.Check(prefix + "branch", branch, ControlCharacters.Kind.Line));
        Add(errors, ControlCharacters.Check(prefix + "commit", commit, ControlCharacters.Kind.Line));
        Add(errors, ControlCharacters.Check(prefix + "message", message, ControlCharacters.Kind.Text));
        ControlCharacters.CheckMap(prefix + "env", env, errors);
        EnvLimits.CheckMap(prefix + "env", env, errors);
        ControlCharacters.CheckMap(prefix + "meta_data", metaData, errors);
        return errors;
    }

    private static void Add(List<string> errors, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(problem);
        }
    }
}
