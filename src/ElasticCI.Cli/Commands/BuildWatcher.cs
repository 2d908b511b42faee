using System.Text;
using ElasticCI.Client;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Cli.Commands;

/// <summary>Follows a build: prints each job's state changes and its log lines (prefixed with the job's label) until the build finishes.</summary>
internal sealed class BuildWatcher(CoordinatorClient api, TextWriter output)
{
    /// <summary>The re-read intervals; tests lengthen them to prove the event stream alone drives the watch.</summary>
    internal BuildWakeups.Intervals Wakeups { get; init; } = BuildWakeups.Intervals.Default;

    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StringBuilder> _partialLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Decoder> _decoders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public async Task<BuildDto> WatchAsync(BuildDto build, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Build #{build.Number} of {build.Pipeline} created ({build.Id})");
        await using var wakeups = new BuildWakeups(api, build.Id, Wakeups);
        wakeups.Start();
        while (true)
        {
            foreach (var job in build.Jobs)
            {
                await ReportAsync(job, cancellationToken);
            }
            // Once per queue, when its jobs start waiting on it: the build API recomputes the warning at every read.
            foreach (var warning in build.Warnings.Where(w => _warned.Add(w.Kind + "\n" + w.Queue)))
            {
                await output.WriteLineAsync($"Warning: {warning.Message}");
            }
            if (TerminalStates.IsBuildFinished(build.State))
            {
                await output.WriteLineAsync($"Build #{build.Number} {build.State}");
                return build;
            }
            await wakeups.WaitAsync(cancellationToken);
            build = await api.GetBuildAsync(build.Id, cancellationToken);
        }
    }

    private async Task ReportAsync(JobDto job, CancellationToken cancellationToken)
    {
        if (!_states.TryGetValue(job.Id, out var previous) || previous != job.State)
        {
            _states[job.Id] = job.State;
            var detail = job.Agent is { } agent && job.State is "assigned" or "running" ? $" on {agent.Name}" : "";
            detail += job.ExitStatus is { } exit ? $" (exit {exit})" : "";
            await output.WriteLineAsync($"--- {job.Label}: {job.State}{detail}");
        }
        // Drain everything the job has logged so far: one read returns at most a few MiB, and the build may finish
        // (ending the watch) long before a large log has been read at one read per poll.
        var decoder = _decoders.TryGetValue(job.Id, out var known) ? known : _decoders[job.Id] = Encoding.UTF8.GetDecoder();
        while (job.LogSize > _offsets.GetValueOrDefault(job.Id))
        {
            var offset = _offsets.GetValueOrDefault(job.Id);
            var bytes = await api.ReadJobLogAsync(job.Id, offset, cancellationToken);
            if (bytes.Length == 0)
            {
                break;
            }
            _offsets[job.Id] = offset + bytes.Length;
            // One decoder per job: a multi-byte character split between two reads is decoded whole.
            var chars = new char[decoder.GetCharCount(bytes, flush: false)];
            decoder.GetChars(bytes, chars, flush: false);
            await WriteLinesAsync(job, new string(chars), final: false);
        }
        if (TerminalStates.IsJobFinished(job.State) && job.LogSize <= _offsets.GetValueOrDefault(job.Id))
        {
            await WriteLinesAsync(job, "", final: true);
        }
    }

    private async Task WriteLinesAsync(JobDto job, string text, bool final)
    {
        var partial = _partialLines.TryGetValue(job.Id, out var sb) ? sb : _partialLines[job.Id] = new StringBuilder();
        partial.Append(text);
        var content = partial.ToString();
        var lastNewline = content.LastIndexOf('\n');
        var complete = final ? content : lastNewline >= 0 ? content[..(lastNewline + 1)] : "";
        partial.Clear().Append(content[complete.Length..]);
        foreach (var line in complete.Split('\n', StringSplitOptions.None).SkipLast(complete.EndsWith('\n') ? 1 : 0))
        {
            if (final && line.Length == 0)
            {
                continue;
            }
            await output.WriteLineAsync($"{job.Label} | {line.TrimEnd('\r')}");
        }
    }
}
