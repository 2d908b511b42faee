using ElasticCI.Client;

namespace ElasticCI.InJob;

/// <summary>Turns a refused or failed request into the in-job command's error line(s) and exit code 2.</summary>
internal static class InJobErrors
{
    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CoordinatorException ex)
        {
            await error.WriteLineAsync($"elastic-ci: {ex.Message.Replace("\n", "\nelastic-ci: ", StringComparison.Ordinal)}");
            return InJobExit.Usage;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"elastic-ci: cannot reach the coordinator: {ex.Message}");
            return InJobExit.Usage;
        }
    }
}
