using System.Text;
using ElasticCI.Agent.Jobs;

namespace ElasticCI.Agent.Tests.Jobs;

/// <summary>
/// Issue 12 item 3: a value in a step's environment must stay one value whatever bytes it holds. Seeded random values
/// full of NULs, '=', newlines, quotes and paths of a program that must never run go through the real executor (with
/// and without a terminal); the step must be the intended program, and each variable must arrive as the value up to its
/// first NUL, as the kernel would read it.
/// </summary>
public sealed class StepEnvironmentFuzzTests : IDisposable
{
    private const int Rounds = 40;
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("elastic-ci-envfuzz-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Theory]
    [InlineData(1301, true)]
    [InlineData(4242, false)]
    public async Task RunAsync_RandomValues_NeverBecomeACommand(int seed, bool pty)
    {
        var evil = Path.Combine(_scratch.FullName, "evil");
        var marker = Path.Combine(_scratch.FullName, "evil-ran");
        await File.WriteAllTextAsync(evil, $"#!/bin/sh\ntouch '{marker}'\n");
        File.SetUnixFileMode(evil, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var random = new Random(seed);
        using var executor = JobExecutor.Start(_scratch.FullName, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, pty);
        var pumping = DrainAsync(executor.Output);

        for (var round = 0; round < Rounds; round++)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" };
            for (var i = 0; i < 8; i++)
            {
                environment[$"FUZZ_{i}"] = RandomValue(random, evil);
            }
            var dump = Path.Combine(_scratch.FullName, $"dump-{round}");
            var step = executor.NewStepDirectory();
            var status = await executor.RunAsync(step, ["/usr/bin/env", "-0"], _scratch.FullName, environment, banner: null)
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, status);
            // env -0 printed into the log; run it once more into a file to compare byte for byte.
            status = await executor.RunAsync(executor.NewStepDirectory(), ["/bin/sh", "-c", "env -0 > \"$0\"", dump], _scratch.FullName, environment, null)
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, status);

            var seen = ReadEnv(await File.ReadAllBytesAsync(dump));
            foreach (var (name, value) in environment)
            {
                var expected = value.Contains('\0', StringComparison.Ordinal) ? value[..value.IndexOf('\0', StringComparison.Ordinal)] : value;
                Assert.True(seen.TryGetValue(name, out var actual), $"round {round}: {name} is missing");
                Assert.Equal(expected, actual);
            }
            Assert.False(File.Exists(marker), $"round {round}: a value ran as a command");
        }

        await executor.CloseAsync();
        await pumping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(marker));
    }

    private static string RandomValue(Random random, string evil)
    {
        // Pieces chosen to attack the old NUL-separated list: a NUL followed by a word without '=' was run as the program.
        string[] pieces = ["\0", "=", "\n", "\"", "'", "$(touch x)", "`id`", " ", "\\", evil, "A=B", "\0" + evil, "\0\0", "-i", "--", "é", "\t"];
        var builder = new StringBuilder();
        var length = random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(3) == 0 ? ((char)random.Next(1, 127)).ToString() : pieces[random.Next(pieces.Length)]);
        }
        return builder.ToString();
    }

    private static Dictionary<string, string> ReadEnv(byte[] bytes)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            env[item[..eq]] = item[(eq + 1)..];
        }
        return env;
    }

    private static async Task DrainAsync(Stream output)
    {
        var buffer = new byte[4096];
        while (await output.ReadAsync(buffer) > 0)
        {
        }
    }
}
