using System.Text;

namespace ElasticCI.Testing;

/// <summary>
/// A writer for what a CLI command prints from its own task while the test reads it: every write under one (reentrant)
/// lock, and a wait for a text to appear (woken by the writes, no polling).
/// </summary>
public sealed class CapturedOutput : StringWriter
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _written = NewSignal();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Everything written so far.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return GetStringBuilder().ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="text"/> has been written; fails the test with the output after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task written;
            lock (_gate)
            {
                if (GetStringBuilder().ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
                written = _written.Task;
            }
            try
            {
                await written.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"'{text}' was not printed within {timeout}: {Text}");
            }
        }
    }

    public override void Write(char value) => Append(() => base.Write(value));

    public override void Write(string? value) => Append(() => base.Write(value));

    public override void Write(char[] buffer, int index, int count) => Append(() => base.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());

    public override void WriteLine(string? value) => Append(() => base.WriteLine(value));

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    private void Append(Action write)
    {
        TaskCompletionSource written;
        lock (_gate)
        {
            write();
            written = _written;
            _written = NewSignal();
        }
        written.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
