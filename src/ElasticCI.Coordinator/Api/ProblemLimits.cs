using System.Globalization;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// Bounds the size of every problem document: at most <see cref="MaxErrors"/> errors, each at most
/// <see cref="MaxErrorLength"/> characters, then one line saying how many more there were. A pipeline with a million
/// bad steps gets a short answer, not a response as large as the request.
/// </summary>
internal static class ProblemLimits
{
    public const int MaxErrors = 100;

    public const int MaxErrorLength = 2048;

    public static IReadOnlyList<string>? Bound(IReadOnlyList<string>? errors)
    {
        if (errors is null || (errors.Count <= MaxErrors && errors.All(e => e.Length <= MaxErrorLength)))
        {
            return errors;
        }
        var bounded = errors.Take(MaxErrors).Select(e => e.Length <= MaxErrorLength ? e : e[..MaxErrorLength] + "…").ToList();
        if (errors.Count > MaxErrors)
        {
            bounded.Add(string.Create(CultureInfo.InvariantCulture, $"… and {errors.Count - MaxErrors} more problems ({errors.Count} in all; the first {MaxErrors} are listed)"));
        }
        return bounded;
    }
}
