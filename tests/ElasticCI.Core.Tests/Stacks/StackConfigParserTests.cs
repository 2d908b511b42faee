namespace ElasticCI.Stacks;

public sealed class StackConfigParserTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_Example_ReadsEveryParameter()
    {
        var stack = ParseOne("""
            stacks:
              - Name: default
                Queue: default
                Provider: local
                MinSize: 0
                MaxSize: 3
                AgentsPerInstance: 2
                ScaleInIdlePeriod: 10
            """);

        Assert.Equal(
            new StackDefinition
            {
                Name = "default",
                Queue = "default",
                Provider = "local",
                Scaling = new() { MinSize = 0, MaxSize = 3, AgentsPerInstance = 2 },
                ScaleInIdlePeriod = TimeSpan.FromSeconds(10),
                InstanceType = "local",
            },
            stack);
    }

    [Fact]
    public void Parse_FlowStyleExample_SameAsBlockStyle()
    {
        var stack = ParseOne("stacks: [{Name: default, Queue: default, Provider: local, MinSize: 0, MaxSize: 3, AgentsPerInstance: 2, ScaleInIdlePeriod: 10}]");

        Assert.Equal((0, 3, 2, TimeSpan.FromSeconds(10)), (stack.Scaling.MinSize, stack.Scaling.MaxSize, stack.Scaling.AgentsPerInstance, stack.ScaleInIdlePeriod));
    }

    [Theory]
    [InlineData("minsize", "maxsize", "name", "STACKS")]
    [InlineData("MINSIZE", "MAXSIZE", "NAME", "stacks")]
    [InlineData("minSize", "maxSIZE", "nAmE", "Stacks")]
    public void Parse_KeysInAnyCase_Accepted(string minSize, string maxSize, string name, string stacks)
    {
        var stack = ParseOne($"{stacks}:\n  - {{{name}: ci, {minSize}: 2, {maxSize}: 5, agentsperinstance: 3, SCALEINIDLEPERIOD: 7, queue: q, PROVIDER: local, instancetype: big}}\n");

        Assert.Equal(
            new StackDefinition
            {
                Name = "ci",
                Queue = "q",
                Provider = "local",
                Scaling = new() { MinSize = 2, MaxSize = 5, AgentsPerInstance = 3 },
                ScaleInIdlePeriod = TimeSpan.FromSeconds(7),
                InstanceType = "big",
            },
            stack);
    }

    [Fact]
    public void Parse_OnlyName_Defaults()
    {
        var stack = ParseOne("stacks:\n  - Name: ci\n");

        Assert.Equal(
            new StackDefinition
            {
                Name = "ci",
                Queue = "default",
                Provider = "local",
                Scaling = new() { MinSize = 0, MaxSize = 10, AgentsPerInstance = 1 },
                ScaleInIdlePeriod = TimeSpan.FromSeconds(600),
                InstanceType = "local",
            },
            stack);
    }

    [Fact]
    public void Parse_TwoStacks_BothReturnedInOrder()
    {
        var (stacks, errors) = StackParsing.Parse("stacks:\n  - { Name: a, Queue: qa }\n  - { Name: b, Queue: qb }\n", File);

        Assert.Empty(errors);
        Assert.Equal([("a", "qa"), ("b", "qb")], stacks.Select(s => (s.Name, s.Queue)));
    }

    [Fact]
    public void Parse_EmptyList_NoStacksNoErrors()
    {
        var (stacks, errors) = StackParsing.Parse("stacks: []\n", File);

        Assert.Empty(stacks);
        Assert.Empty(errors);
    }

    [Fact]
    public void Parse_UnknownParameter_ReportsItsLine()
        => AssertErrors(
            "stacks:\n  - Name: ci\n    MinSize: 1\n    InstanceCount: 3\n",
            "elastic-ci.yml:4: stack 'ci': unknown parameter 'InstanceCount'");

    [Fact]
    public void Parse_NonInteger_ReportsValue()
        => AssertErrors(
            "stacks:\n  - Name: ci\n    MaxSize: lots\n    ScaleInIdlePeriod: 10s\n    AgentsPerInstance: [1]\n",
            "elastic-ci.yml:3: MaxSize must be a whole number, got 'lots'",
            "elastic-ci.yml:4: ScaleInIdlePeriod must be a whole number, got '10s'",
            "elastic-ci.yml:5: AgentsPerInstance must be a whole number, got ''");

    [Fact]
    public void Parse_MaxSizeBelowMinSize_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: ci, MinSize: 3, MaxSize: 2 }\n",
            "elastic-ci.yml: stack 'ci': MaxSize must be at least MinSize (3), was 2");

    [Fact]
    public void Parse_NegativeSizesAndPeriod_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: ci, MinSize: -1, MaxSize: -2, ScaleInIdlePeriod: -5 }\n",
            "elastic-ci.yml: stack 'ci': MinSize must be 0 or more, was -1",
            "elastic-ci.yml: stack 'ci': MaxSize must be at least MinSize (-1), was -2",
            "elastic-ci.yml: stack 'ci': ScaleInIdlePeriod must be 0 or more seconds");

    [Fact]
    public void Parse_AgentsPerInstanceZero_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: ci, AgentsPerInstance: 0 }\n",
            "elastic-ci.yml: stack 'ci': AgentsPerInstance must be at least 1, was 0");

    [Theory]
    [InlineData("CI")]
    [InlineData("-ci")]
    [InlineData("my_stack")]
    [InlineData("a.b")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Parse_BadName_Reported(string name)
        => AssertErrors(
            $"stacks:\n  - Name: {name}\n",
            $"elastic-ci.yml: stack '{name}': Name must be lower-case letters, digits and dashes (at most 63)");

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("ci-linux-2")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Parse_GoodName_Accepted(string name)
        => Assert.Equal(name, ParseOne($"stacks:\n  - Name: {name}\n").Name);

    [Fact]
    public void Parse_UnknownProvider_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: ci, Provider: aws }\n",
            "elastic-ci.yml: stack 'ci': Provider 'aws' is not known (known: cloud, local)");

    [Fact]
    public void Parse_DuplicateName_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: ci, Queue: a }\n  - { Name: ci, Queue: b }\n",
            "elastic-ci.yml: stack name 'ci' is used 2 times");

    [Fact]
    public void Parse_TwoStacksOnOneQueue_Reported()
        => AssertErrors(
            "stacks:\n  - { Name: a, Queue: builds }\n  - { Name: b, Queue: builds }\n  - { Name: c }\n",
            "elastic-ci.yml: queue 'builds' is served by several stacks (a, b)");

    [Fact]
    public void Parse_ParameterGivenTwiceInDifferentCase_Reported()
        => AssertErrors(
            "stacks:\n  - Name: ci\n    MinSize: 1\n    minsize: 2\n",
            "elastic-ci.yml:4: parameter 'minsize' is given twice");

    [Fact]
    public void Parse_ParameterGivenTwiceInSameCase_InvalidYaml()
        => AssertErrors(
            "stacks:\n  - Name: ci\n    MinSize: 1\n    MinSize: 2\n",
            "elastic-ci.yml:4:5: invalid YAML: Duplicate key MinSize");

    [Theory]
    [InlineData("stacks: default\n")]
    [InlineData("stacks: { Name: ci }\n")]
    [InlineData("stacks:\n")]
    [InlineData("other: []\n")]
    public void Parse_StacksNotAList_Reported(string yaml)
        => AssertErrors(yaml, "elastic-ci.yml: 'stacks' must be a list of stacks");

    [Theory]
    [InlineData("")]
    [InlineData("# nothing\n")]
    [InlineData("- Name: ci\n")]
    [InlineData("hello\n")]
    public void Parse_RootNotAMapping_Reported(string yaml)
        => AssertErrors(yaml, "elastic-ci.yml: expected a mapping with a 'stacks' list");

    [Fact]
    public void Parse_ItemNotAMapping_Reported()
        => AssertErrors(
            "stacks:\n  - ci\n  - { Name: ok }\n",
            "elastic-ci.yml:2: each stack must be a mapping of parameters");

    [Fact]
    public void Parse_MissingName_Reported()
        => AssertErrors(
            "stacks:\n  - Queue: q\n",
            "elastic-ci.yml:2: a stack needs a Name");

    [Fact]
    public void Parse_EmptyName_Reported()
        => AssertErrors(
            "stacks:\n  - Name: ''\n",
            "elastic-ci.yml:2: Name must be a non-empty string",
            "elastic-ci.yml:2: a stack needs a Name");

    [Fact]
    public void Parse_InvalidYaml_ReportsPosition()
        => AssertErrors(
            "stacks:\n  - Name: ci\n   MinSize: 1\n",
            "elastic-ci.yml:3:4: invalid YAML: While parsing a block collection, did not find expected '-' indicator.");

    [Fact]
    public void Parse_ManyProblems_AllReportedAtOnce()
        => AssertErrors(
            """
            stacks:
              - Name: one
                Colour: blue
                MinSize: x
              - Name: Two
                Provider: gcp
                AgentsPerInstance: 0
              - Name: three
                MinSize: 4
                MaxSize: 1
                Queue: q
              - Name: four
                Queue: q
              - Name: four
                Queue: other
                maxsize: 2
                MAXSIZE: 3
            """,
            "elastic-ci.yml:3: stack 'one': unknown parameter 'Colour'",
            "elastic-ci.yml:4: MinSize must be a whole number, got 'x'",
            "elastic-ci.yml:17: parameter 'MAXSIZE' is given twice",
            "elastic-ci.yml: stack 'Two': Name must be lower-case letters, digits and dashes (at most 63)",
            "elastic-ci.yml: stack 'Two': Provider 'gcp' is not known (known: cloud, local)",
            "elastic-ci.yml: stack 'Two': AgentsPerInstance must be at least 1, was 0",
            "elastic-ci.yml: stack 'three': MaxSize must be at least MinSize (4), was 1",
            "elastic-ci.yml: stack name 'four' is used 2 times",
            "elastic-ci.yml: queue 'q' is served by several stacks (three, four)");

    [Fact]
    public void EmbeddedDefault_Values_MatchDocumentedDefaults()
    {
        var stack = StackDefinition.EmbeddedDefault;

        Assert.Equal(
            ("default", "default", "local", 0, 4, 2, TimeSpan.FromSeconds(30)),
            (stack.Name, stack.Queue, stack.Provider, stack.Scaling.MinSize, stack.Scaling.MaxSize, stack.Scaling.AgentsPerInstance, stack.ScaleInIdlePeriod));
    }

    [Fact]
    public void EmbeddedDefault_Validate_NoErrors()
    {
        var errors = new List<string>();

        StackParsing.Validate([StackDefinition.EmbeddedDefault], "default", errors);

        Assert.Empty(errors);
    }

    private static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = StackParsing.Parse(yaml, File);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }

    private static void AssertErrors(string yaml, params string[] expected)
        => Assert.Equal(expected, StackParsing.Parse(yaml, File).Errors);
}
