using System.Text.Json;
using ElasticCI.Coordinator.Observability;
using ElasticCI.Coordinator.Security;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>Data only the dashboard needs: the agent list and the stack chart's samples.</summary>
internal static class DashboardDataEndpoints
{
    public static void MapDashboardData(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/dashboard").WithTags("Dashboard").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapGet("/agents", AgentsAsync).WithName("DashboardAgents");
        group.MapGet("/stack-history", History).WithName("DashboardStackHistory");
        group.MapGet("/jobs/{id}/block", BlockAsync).WithName("DashboardBlockForm");
    }

    private static async Task<IResult> AgentsAsync(IAgentDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var agents = await directory.ListAgentsAsync(time.GetUtcNow() - TimeSpan.FromHours(1), 500, cancellationToken);
        var dto = new DashboardAgentsDto(agents.Select(a => new DashboardAgentDto(a.Id, a.Name, a.Queue, a.Tags, a.State, a.JobId, a.InstanceId,
            a.Version ?? a.Tags.GetValueOrDefault("version"), a.RegisteredAt, a.LastHeartbeatAt)).ToList());
        return Results.Text(JsonSerializer.Serialize(dto, DashboardJsonContext.Default.DashboardAgentsDto), "application/json");
    }

    private static async Task<IResult> BlockAsync(string id, IJobStore jobs, CancellationToken cancellationToken)
    {
        if (await jobs.GetJobAsync(id, cancellationToken) is not { } job)
        {
            return Api.Problems.NotFound($"Job {id}");
        }
        var block = job.Spec.Block;
        var dto = new BlockFormDto(block?.Prompt, block is null ? [] : [.. block.Fields.Select(f =>
            new BlockFieldDto(f.Key, f.Label, f.Hint, f.Required, f.Default.Count > 0 ? f.Default[0] : null, [.. f.Options.Select(o => o.Value)]))]);
        return Results.Text(JsonSerializer.Serialize(dto, DashboardJsonContext.Default.BlockFormDto), "application/json");
    }

    private static IResult History(FleetSampler sampler)
    {
        var samples = sampler.History;
        var names = samples.SelectMany(s => s.Stacks.Select(x => x.Name)).Distinct(StringComparer.Ordinal).ToList();
        var series = names.Select(name =>
        {
            var points = samples.Select(s => (s.At, Stack: s.Stacks.FirstOrDefault(x => x.Name == name))).Where(p => p.Stack is not null).ToList();
            return new StackHistorySeriesDto(name, [.. points.Select(p => p.At)], [.. points.Select(p => p.Stack!.Scheduled)],
                [.. points.Select(p => p.Stack!.Running)], [.. points.Select(p => p.Stack!.Desired)], [.. points.Select(p => p.Stack!.RunningInstances)]);
        }).ToList();
        return Results.Text(JsonSerializer.Serialize(new StackHistoryDto(series), DashboardJsonContext.Default.StackHistoryDto), "application/json");
    }
}
