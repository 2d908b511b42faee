using ElasticCI.Builds;

namespace ElasticCI.Pipelines;

/// <summary>
/// The example pipelines of buildkite/pipeline-schema (MIT; copied under Fixtures/valid-pipelines with their LICENSE).
/// They are schema-valid one step at a time, but as whole files some reuse a key (<c>id</c> and <c>identifier</c>
/// both "an-id") and depend on keys that no step has; <see cref="MakeGraphValid"/> fixes exactly that before planning.
/// </summary>
public sealed class ValidPipelinesTests
{
    private static readonly BuildContext Master = new() { Branch = "master", Message = "Update README" };

    public static TheoryData<string> Files => [.. Directory.GetFiles(FixtureDirectory, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Pipelines", "Fixtures", "valid-pipelines");

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_SchemaExample_OnlyNotYetSupportedFieldsAreReported(string file)
    {
        var errors = PipelineParser.Parse(Read(file), file).Errors.Select(e => (e.Line, e.Message));

        (int, string)[] expected = file switch
        {
            "command.yml" => [(196, "not supported yet: cache at line 196"), (201, "not supported yet: cache at line 201")],
            "secrets.yml" => [(5, "not supported yet: secrets at line 5"), (13, "not supported yet: secrets at line 13")],
            _ => [],
        };
        Assert.Equal(expected, errors);
    }

    [Fact]
    public void Plan_BlockExampleAsWritten_ReportsDuplicateKeyAndLeavesMissingDependenciesToTheBuild()
    {
        var plan = BuildPlanner.Plan(ParseValid("block.yml", Read("block.yml")), "block.yml", Master);

        Assert.Empty(plan.Jobs);
        // Buildkite: a dependency on a key that exists nowhere fails that step, not the upload (issue 13), so the
        // duplicate key is the only error; without it the eight blocks keep their unknown keys for the store.
        Assert.Equal("block.yml:29:5: step 'an-id': duplicate key 'an-id' (already used by the step at line 26)", plan.Errors.Single().ToString());
        var fixedKey = Read("block.yml").Replace("identifier: \"an-id\"", "identifier: \"an-id-2\"", StringComparison.Ordinal);
        var jobs = BuildPlanner.Plan(ParseValid("block.yml", fixedKey), "block.yml", Master).Jobs;
        Assert.Equal((5, 8), (jobs.Count(j => j.ExternalDependencies.Count > 0), jobs.Sum(j => j.ExternalDependencies.Count)));
    }

    [Fact]
    public void Plan_Block_EveryBlockIsABarrierWithItsFields()
    {
        var jobs = PlanFixed("block.yml");

        Assert.Equal(3 + 23, jobs.Count);
        Assert.All(jobs.Skip(3), j => Assert.Equal(JobKind.Block, j.Kind));
        // Each block without depends_on waits for all before it; one with depends_on waits for what it names only
        // (Buildkite: the explicit list replaces the implicit ordering, buildkite-agent.md §1.3).
        var explicitOnes = jobs.Skip(3).Where(j => !j.DependsOn.SequenceEqual(Enumerable.Range(0, j.Index))).ToList();
        Assert.Equal([[0], [1, 2], [1, 2], [1, 2], [0]], explicitOnes.Select(j => j.DependsOn.ToArray()));
        Assert.Equal([0], explicitOnes[^1].Spec.AllowedFailureDependencies);
        Assert.All(jobs.Skip(3), j => Assert.Equal("", j.Queue));
        Assert.Equal(["block", "A label", "block"], jobs.Skip(3).Take(3).Select(j => j.Label));

        var form = jobs.Skip(3).Single(j => j.Spec.Block!.Fields.Count == 4).Spec.Block!;
        Assert.Equal("A prompt", form.Prompt);
        Assert.Equal(
            [(false, "field-1", true, ""), (false, "field-2", false, "Field 2 Default"), (true, "select-1", true, ""), (true, "select-2", false, "select-2-option-1")],
            form.Fields.Select(f => (f.IsSelect, f.Key, f.Required, string.Join(",", f.Default))));
        Assert.Equal(["select-2-option-1"], form.Fields[3].Options.Select(o => o.Value));
        Assert.Equal("Field 2 Hint", form.Fields[1].Hint);

        var multiple = jobs.Skip(3).Single(j => j.Spec.Block!.Fields is [{ Default.Count: 2 }]).Spec.Block!.Fields[0];
        Assert.True(multiple.Multiple);
        Assert.Equal(["option-1", "option-2"], multiple.Default);

        Assert.Equal([0], jobs.Single(j => j.Spec.AllowedFailureDependencies.Count > 0).Spec.AllowedFailureDependencies);
        Assert.Single(jobs, j => j.Spec.AllowDependencyFailure);
        Assert.Equal("Tests", jobs[^1].Spec.GroupLabel);
    }

    [Fact]
    public void Plan_Block_BranchFilterOmitsTheStepOnOtherBranches()
    {
        var plan = BuildPlanner.Plan(ParseValid("block.yml", MakeGraphValid(Read("block.yml"))), "block.yml", Master with { Branch = "feature" });

        var omitted = Assert.Single(plan.Omitted);
        Assert.Equal((23, "A label", "branches: master"), (omitted.Line - 3, omitted.Label, omitted.Reason));
        Assert.Equal(3 + 22, plan.Jobs.Count);
    }

    [Fact]
    public void Plan_Command_EverySpellingAndAttribute()
    {
        var pipeline = ParseValid("command.yml", MakeGraphValid(WithoutCacheSteps(Read("command.yml"))));
        var jobs = BuildPlanner.Plan(pipeline, "command.yml", Master).Jobs;

        Assert.All(jobs, j => Assert.Equal(JobKind.Command, j.Kind));
        Assert.Equal(3 + 8 + 1, jobs.TakeWhile(j => j.Label != "test").Count()); // helpers, 8 nesting formats, the plugins-only step
        Assert.Equal(7, jobs.Count(j => j.Label == "blah.sh" && j.Command == "blah.sh"));
        var pluginsOnly = jobs[11];
        Assert.Equal(("", "a-plugin#v1.0.0", "{\"run\":\"app\"}"), (pluginsOnly.Command, pluginsOnly.Spec.Plugins[0].Source, pluginsOnly.Spec.Plugins[0].Config!.ToJsonString()));

        Assert.Equal(2, jobs.Count(j => j.AgentRules.TryGetValue("os", out var os) && os == "macOS"));
        Assert.Contains(jobs, j => j.Spec.ArtifactPaths.SequenceEqual(["path-one", "path-two"]));
        Assert.Contains(jobs, j => j.Spec.Concurrency == new ConcurrencyLimit(1, "my-group", ConcurrencyMethod.Eager));
        Assert.Equal(42, jobs.Count(j => j.ParallelJobCount == 42));
        Assert.Equal(3, jobs.Count(j => j.Spec.Plugins is [{ Source: "a-plugin#v1.0.0" }] && j.Command == "test"));

        var retries = jobs.Where(j => j.Spec.Retry is not null).Select(j => j.Spec.Retry!.Automatic).ToList();
        Assert.Equal(4, retries.Count);
        Assert.Equal(
            ["-1/-/none/2", "*/kill/-/2", "255/-/-/2", "3/-/-/3"],
            retries[0].Select(r => $"{(r.ExitStatuses is null ? "*" : string.Join(",", r.ExitStatuses))}/{r.Signal ?? "-"}/{r.SignalReason ?? "-"}/{r.Limit}"));
        Assert.Equal([1, 2, 3], retries[3].Single().ExitStatuses!);
        Assert.Null(retries[2].Single().ExitStatuses);

        Assert.Equal([null, "Skipped"], jobs.Where(j => j.Spec.Skipped).Select(j => j.Spec.SkipReason));
        Assert.Contains(jobs, j => j.TimeoutInMinutes == 40);
        Assert.Contains(jobs, j => j.SoftFail.Any);
        Assert.Contains(jobs, j => j.SoftFail.ExitStatuses.SequenceEqual([1]));
        Assert.Equal([-1, 100], jobs.Where(j => j.Spec.Priority != 0).Select(j => j.Spec.Priority));
        Assert.Single(jobs, j => j.Spec.CancelOnBuildFailing);
        Assert.Single(jobs, j => j.Spec.AllowDependencyFailure);
        Assert.Equal([0], jobs.Single(j => j.Spec.AllowedFailureDependencies.Count > 0).DependsOn);

        var matrix = jobs.Single(j => j.Spec.MatrixValues is not null);
        Assert.Equal(("echo one two three", "echo one two three (one two three)", "bar"), (matrix.Command, matrix.Label, matrix.Env["FOO"]));
        Assert.Equal("{\"image\":\"alpine\",\"always-pull\":true}", matrix.Spec.Plugins.Single().Config!.ToJsonString());
        Assert.Equal("\"*.txt\"", jobs[^1].Spec.IfChanged!.ToJsonString());
    }

    [Fact]
    public void Plan_EnvAndExtraProperties_EnvKeptAndAnchorsMerged()
    {
        Assert.Equal("A value", ParseValid("env.yml", Read("env.yml")).Env["AN_ENV"]);
        var job = Assert.Single(PlanFixed("extra-properties.yml"));
        Assert.Equal(("Test", "test"), (job.Label, job.Command));
    }

    [Fact]
    public void Plan_Group_ChildrenCarryTheGroupAndDependOnGroupKeys()
    {
        var jobs = PlanFixed("group.yml");

        Assert.Equal(14, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("Tests", j.Spec.GroupLabel));
        Assert.Equal("an-id", jobs[2].Spec.GroupKey);
        Assert.Equal([2], jobs[4].DependsOn); // depends_on: "an-id" is the group with id an-id
        Assert.Equal("a-key", jobs[5].Spec.GroupKey);
        Assert.Equal([JobKind.Input, JobKind.Input, JobKind.Input, JobKind.Input], jobs.Skip(6).Take(4).Select(j => j.Kind));
        Assert.Equal(["input", "A label", "input", "input"], jobs.Skip(6).Take(4).Select(j => j.Label));
        Assert.True(jobs[11].Spec.AllowDependencyFailure);
        Assert.Equal("[{\"email\":\"dev@acmeinc.com\"}]", jobs[12].Spec.Notify!.ToJsonString());
        Assert.NotNull(jobs[13].Spec.IfChanged);
    }

    [Fact]
    public void Plan_Group_IfOnGroupOmitsItsSteps()
    {
        var plan = BuildPlanner.Plan(ParseValid("group.yml", Read("group.yml").Replace("identifier: \"an-id\"", "identifier: \"x\"", StringComparison.Ordinal)), "group.yml", Master with { Message = "skip tests please" });

        var omitted = Assert.Single(plan.Omitted);
        Assert.Equal("if: build.message !~ /skip tests/", omitted.Reason);
        Assert.Equal(13, plan.Jobs.Count);
    }

    [Fact]
    public void Plan_IfChanged_KeptOnEveryJobNotEvaluated()
    {
        var jobs = PlanFixed("if-changed.yml");

        Assert.Equal(9, jobs.Count);
        Assert.Null(jobs[0].Spec.IfChanged);
        Assert.Equal("{\"include\":\"foo/**\",\"exclude\":\"foo/baz\"}", jobs[2].Spec.IfChanged!.ToJsonString());
        Assert.Equal("[\"foo/**\",\"bar/**\"]", jobs[4].Spec.IfChanged!.ToJsonString());
    }

    [Fact]
    public void Plan_Input_NoImplicitOrdering()
    {
        var jobs = PlanFixed("input.yml");

        Assert.Equal(3 + 23, jobs.Count);
        Assert.All(jobs.Skip(3), j => Assert.Equal(JobKind.Input, j.Kind));
        Assert.Equal(5, jobs.Count(j => j.DependsOn.Count > 0)); // only the depends_on steps wait
        Assert.Equal(["\\d{4,4}", "[0-9]{3}", "[0-9a-f]+"], jobs.Skip(3).Single(j => j.Spec.Block!.Fields.Any(f => f.Format is not null)).Spec.Block!.Fields.Select(f => f.Format));
        Assert.Equal(12, jobs[^1].Spec.Block!.Fields.Count);
        Assert.All(jobs.Skip(3), j => Assert.Equal(BlockedState.Passed, j.Spec.Block!.BlockedState));
    }

    [Fact]
    public void Plan_Matrix_ExpandsSetupAndAdjustments()
    {
        var jobs = PlanFixed("matrix.yml");

        Assert.Equal(
            ["one", "two", "one", "two", "three", "green triangle", "green hexagon", "blue triangle", "blue hexagon", "purple octagon",
             "one", "two", "green triangle", "green hexagon", "blue triangle", "blue hexagon", "green", "blue", "green", "blue"],
            jobs.Select(j => j.Label));
        Assert.Equal([4, 5, 7], jobs.Where(j => j.Spec.Skipped).Select(j => j.Index));
        Assert.Equal("look, hexagons are just better", jobs[5].Spec.SkipReason);
        Assert.Equal("echo purple octagon", jobs[9].Command);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "blue", ["shape"] = "hexagon" }, jobs[8].Spec.MatrixValues);
        Assert.Equal("matrices", jobs[12].Spec.GroupLabel);
        Assert.Equal("Alphanumeric, leading numbers: blue", jobs[17].Command);
    }

    [Fact]
    public void Plan_Notify_TopLevelAndStepKeptAsWritten()
    {
        var pipeline = ParseValid("notify.yml", Read("notify.yml"));
        var job = Assert.Single(BuildPlanner.Plan(pipeline, "notify.yml", Master).Jobs);

        Assert.Equal(21, pipeline.Notify!.AsArray().Count);
        var last = pipeline.Notify.AsArray()[20]!;
        Assert.Equal(("my-custom-status", "build.state == 'failed'"), (last["github_commit_status"]!["context"]!.GetValue<string>(), last["if"]!.GetValue<string>()));
        Assert.Equal(15, job.Spec.Notify!.AsArray().Count);
    }

    [Fact]
    public void Plan_Trigger_EveryAttribute()
    {
        var plan = BuildPlanner.Plan(ParseValid("trigger.yml", MakeGraphValid(Read("trigger.yml"))), "trigger.yml", Master);
        var triggers = plan.Jobs.Skip(3).ToList();

        Assert.Equal(26, triggers.Count); // 27 trigger steps, "branches: a-branch" omitted on master
        Assert.Equal("branches: a-branch", Assert.Single(plan.Omitted).Reason);
        Assert.All(triggers, j => Assert.Equal((JobKind.Trigger, "a-slug"), (j.Kind, j.Spec.Trigger!.Pipeline)));
        Assert.True(triggers[2].Spec.Trigger!.Async);
        var builds = triggers.Select(j => j.Spec.Trigger!.Build).ToList();
        Assert.Equal("A message", builds[3].Message);
        Assert.Equal("A commit", builds[4].Commit);
        Assert.Equal("A branch", builds[5].Branch);
        Assert.Equal("a-val", builds[6].MetaData["a-key"]);
        Assert.Equal("some val", builds[7].Env["SOME_ENV"]);
        Assert.Equal("Triggered label", triggers[10].Label);
        Assert.Equal([0], triggers[17].Spec.AllowedFailureDependencies);
        Assert.Equal(2, triggers.Count(j => j.Spec.Skipped));
        Assert.Equal(3, triggers.Count(j => j.SoftFail.Any || j.SoftFail.ExitStatuses.Count > 0));
    }

    [Fact]
    public void Plan_Wait_EverySpellingIsABarrier()
    {
        var pipeline = ParseValid("wait.yml", MakeGraphValid(Read("wait.yml")));

        Assert.Equal(3 + 17, pipeline.Steps.Count);
        Assert.All(pipeline.Steps.Skip(3), s => Assert.IsType<WaitStep>(s));
        Assert.Equal(3, pipeline.Steps.OfType<WaitStep>().Count(w => w.ContinueOnFailure));
        Assert.Equal("important-step", pipeline.Steps.OfType<WaitStep>().Select(w => w.Common.Key).Single(k => k == "important-step"));
        Assert.Equal(3, BuildPlanner.Plan(pipeline, "wait.yml", Master).Jobs.Count);
    }

    private static List<PlannedJob> PlanFixed(string file)
    {
        var plan = BuildPlanner.Plan(ParseValid(file, MakeGraphValid(Read(file))), file, Master);
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return [.. plan.Jobs];
    }

    private static PipelineDefinition ParseValid(string file, string yaml)
    {
        var result = PipelineParser.Parse(yaml, file);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Pipeline!;
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(FixtureDirectory, file));

    /// <summary>Renames the second "an-id" and adds, first, the three steps the examples depend on (3 lines).</summary>
    private static string MakeGraphValid(string yaml)
    {
        yaml = yaml.Replace("identifier: \"an-id\"", "identifier: \"an-id-2\"", StringComparison.Ordinal);
        if (!yaml.Contains("depend-on-me", StringComparison.Ordinal))
        {
            return yaml;
        }

        var at = yaml.IndexOf("steps:\n", StringComparison.Ordinal) + "steps:\n".Length;
        const string Helpers = "  - { key: depend-on-me, command: x }\n  - { key: depend-on-me-1, command: x }\n  - { key: depend-on-me-2, command: x }\n";
        return string.Concat(yaml.AsSpan(0, at), Helpers, yaml.AsSpan(at));
    }

    private static string WithoutCacheSteps(string yaml)
    {
        var start = yaml.IndexOf("  # With caching", StringComparison.Ordinal);
        return string.Concat(yaml.AsSpan(0, start), yaml.AsSpan(yaml.IndexOf("  # Agent-applied", StringComparison.Ordinal)));
    }
}
