using System.Text;
using ElasticCI.Builds;
using ElasticCI.Pipelines.Conditionals;

namespace ElasticCI.Pipelines;

public sealed class PipelineParserFuzzTests
{
    private const int Iterations = 2_000;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 :-[]{}&*!|>'\"#%@`,?<=~.$\\\n\n\n\t  ";

    private static readonly string[] Fragments =
    [
        "steps:", "- wait", "- command: x", "  ", "\n", "key: k", "depends_on: [k]", "depends_on: ~", "parallelism: 3", "&a ", "*a",
        "<<: *a", "<<: [*a, *a]", "[", "]", "{", "}", "- ", ": ", "---\n", "? ", "!!str ", "!!map ", "|\n", ">-\n", "\"", "'",
        "soft_fail: [{exit_status: '*'}]", "agents: [queue=a]", "env: {A: 1}", "matrix: [1]", "wait: {continue_on_failure: true}",
        "- block: b", "- input", "- trigger: t", "- group: g\n  steps: [{command: x}]", "if: build.branch == 'main'", "branches: 'm* !x'",
        "matrix: {setup: {a: [1, 2]}, adjustments: [{with: {a: 3}, skip: true}]}", "{{matrix.a}}", "{{matrix}}", "$A", "${A:-b}", "$$", "${",
        "retry: {automatic: true}", "plugins: [docker#v1: {image: x}]", "skip: true", "concurrency: 1", "concurrency_group: c",
        "fields: [{select: s, key: k, options: [{label: l, value: v}]}]", "notify: [github_check]", "depends_on: [{step: k, allow_failure: true}]",
    ];

    private static readonly Dictionary<string, string> UploadEnv = new() { ["A"] = "1", ["BUILDKITE_BRANCH"] = "main" };

    private static readonly BuildContext Context = new() { Branch = "main", Message = "fuzz", Env = UploadEnv };

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        var random = new Random(20_241_128);
        for (var i = 0; i < Iterations; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 200);
            for (var c = 0; c < length; c++)
            {
                text.Append(random.Next(8) == 0 ? Fragments[random.Next(Fragments.Length)] : Alphabet[random.Next(Alphabet.Length)].ToString());
            }

            ParseAndPlan(text.ToString(), i);
        }
    }

    [Fact]
    public void Parse_MutatedValidPipeline_NeverThrows()
    {
        var random = new Random(7);
        var seed = PipelineParserTests.Example + """

              - key: other
                command: make other
                depends_on: [test, {step: test}]
                env: &e { A: "1" }
                soft_fail: [{exit_status: 2}]
              - wait: { continue_on_failure: true }
              - <<: { command: y, env: *e }
                timeout_in_minutes: 5
              - group: G
                key: grp
                if: build.message !~ /skip/
                steps:
                  - label: "m {{matrix.os}}"
                    command: echo {{matrix.os}} $$HOME ${A:-x}
                    matrix: { setup: { os: [a, b] }, adjustments: [{ with: { os: c }, soft_fail: true }] }
                    retry: { automatic: [{ exit_status: -1, limit: 2 }] }
                    plugins: [{ docker#v5: { image: "x:{{matrix.os}}" } }]
                  - block: Go?
                    fields: [{ text: T, key: t }]
              - trigger: other
                depends_on: grp
                build: { branch: main }
              - input: More
                key: more
                branches: "main !x"
            """;
        Assert.True(ParseAndPlan(seed, -1), "the unmutated seed must be valid");
        var succeeded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = new StringBuilder(seed);
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                Mutate(text, random);
            }

            succeeded += ParseAndPlan(text.ToString(), i) ? 1 : 0;
        }

        // Sanity check that the mutations leave some inputs valid, so the planner is exercised too.
        Assert.InRange(succeeded, 1, Iterations - 1);
    }

    [Fact]
    public void IfExpressionAndInterpolator_RandomText_NeverThrowUnexpectedly()
    {
        var random = new Random(3);
        const string Symbols = "build.branch env(\"'/=!~&|()[], 0123456789abcdefi$:{}?-\\";
        for (var i = 0; i < Iterations; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 60)).Select(_ => Symbols[random.Next(Symbols.Length)])]);
            try
            {
                IfExpression.TryParse(text, out _)?.Evaluate(Context);
                try
                {
                    Interpolation.Interpolator.Interpolate(text, UploadEnv);
                }
                catch (Interpolation.InterpolationException)
                {
                    // An expected outcome for malformed input.
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"iteration {i} threw for input: {text}\n{ex}");
            }
        }
    }

    private static void Mutate(StringBuilder text, Random random)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(5))
        {
            case 0:
                text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                break;
            case 1:
                text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                break;
            case 2:
                text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                break;
            case 3:
                var from = random.Next(text.Length);
                text.Insert(at, text.ToString(from, Math.Min(random.Next(1, 40), text.Length - from)));
                break;
            default:
                if (at < text.Length)
                {
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                }

                break;
        }
    }

    private static bool ParseAndPlan(string yaml, int iteration)
    {
        try
        {
            var result = PipelineParser.Parse(yaml, "fuzz.yml", new PipelineParseOptions(UploadEnv));
            Assert.Equal(result.Pipeline is null, result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
            if (result.Pipeline is null)
            {
                Assert.True(iteration >= 0, string.Join("\n", result.Errors));
                return false;
            }

            var plan = BuildPlanner.Plan(result.Pipeline, "fuzz.yml", Context);
            Assert.All(plan.Jobs, j => Assert.All(j.DependsOn, d => Assert.True(d >= 0 && d < plan.Jobs.Count && d != j.Index)));
            Assert.True(plan.Jobs.Count <= BuildPlanner.MaxJobs);
            Assert.True(iteration >= 0 || plan.Succeeded, string.Join("\n", plan.Errors));
            return plan.Succeeded;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"iteration {iteration} threw for input:\n{yaml}\n{ex}");
            return false;
        }
    }
}
