using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>Finds a <c>depends_on</c> cycle among planned steps (reported once, at the first step on it).</summary>
internal static class DependencyCycle
{
    public static void Find(List<PlannedStep> steps, string fileName, List<PipelineError> errors)
    {
        // Implicit edges always point backwards, so only a forward depends_on can close a cycle; a DFS finds it.
        var state = new byte[steps.Count]; // 0 = unvisited, 1 = on the current path, 2 = done
        var path = new List<int>();
        for (var start = 0; start < steps.Count; start++)
        {
            if (steps[start].RunsJobs && Visit(start))
            {
                return;
            }
        }

        bool Visit(int index)
        {
            if (state[index] == 2)
            {
                return false;
            }

            if (state[index] == 1)
            {
                var cycle = path.Skip(path.IndexOf(index)).Append(index).Select(s => steps[s].Name);
                errors.Add(BuildPlanner.Error(fileName, steps[index].Step, $"depends_on forms a cycle: {string.Join(" -> ", cycle)}"));
                return true;
            }

            state[index] = 1;
            path.Add(index);
            foreach (var next in steps[index].DependsOn)
            {
                if (Visit(next))
                {
                    return true;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[index] = 2;
            return false;
        }
    }
}
