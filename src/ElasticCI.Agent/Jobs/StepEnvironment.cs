namespace ElasticCI.Agent.Jobs;

/// <summary>
/// The <c>NAME=VALUE</c> items a step's environment is passed as (see <see cref="JobExecutor"/>). Each item is one
/// C string: a value is cut at its first NUL, as the kernel would read it, so an item can never split in two.
/// A name that is empty or holds <c>=</c> or a NUL cannot be one environment variable and is left out.
/// </summary>
internal static class StepEnvironment
{
    public static List<string> Items(IReadOnlyDictionary<string, string> environment)
    {
        var items = new List<string>(environment.Count);
        foreach (var (name, value) in environment)
        {
            if (IsValidName(name))
            {
                items.Add($"{name}={CString(value)}");
            }
        }
        return items;
    }

    public static bool IsValidName(string name)
        => name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    /// <summary>The text up to the first NUL: what a C string holding it reads as.</summary>
    public static string CString(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? text : text[..nul];
    }
}
