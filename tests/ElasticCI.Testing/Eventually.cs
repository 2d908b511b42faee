namespace ElasticCI.Testing;

/// <summary>Waits for something another process produces, with a generous limit; never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>The trimmed, non-empty text of <paramref name="path"/> once some process has written it.</summary>
    public static async Task<string> FileTextAsync(string path, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Trim() is { Length: > 0 } text)
            {
                return text;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nothing was written to {path} within {limit}");
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 100 ms; fails after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the condition did not hold within {timeout}");
            }
            await Task.Delay(100);
        }
    }
}
