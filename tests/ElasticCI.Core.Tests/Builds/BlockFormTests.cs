using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

public sealed class BlockFormTests
{
    private static readonly BlockSpec Form = new("Deploy?",
    [
        new BlockField(false, "name", "Name", null, true, [], "[a-z]+", false, []),
        new BlockField(true, "env", "Env", null, true, ["stage"], null, false, [new SelectOption("Prod", "prod"), new SelectOption("Stage", "stage")]),
        new BlockField(false, "note", "Note", null, false, [], null, false, []),
    ], BlockedState.Passed);

    [Fact]
    public void Validate_ValidValues_DefaultsFilledIn()
    {
        var (errors, values) = BlockForm.Validate(Form, new Dictionary<string, string> { ["name"] = "blue" });

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "blue", ["env"] = "stage" }, values);
    }

    [Fact]
    public void Validate_BadValues_EveryProblemListed()
    {
        var (errors, _) = BlockForm.Validate(Form, new Dictionary<string, string> { ["name"] = "Blue 1", ["env"] = "moon", ["other"] = "x" });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("'other' is not a field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not match the format", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'moon' is not one of prod, stage", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RequiredMissing_Refused()
        => Assert.Equal(["field 'name' is required"], BlockForm.Validate(Form, new Dictionary<string, string>()).Errors);
}
