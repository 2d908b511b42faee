namespace ElasticCI.Pipelines.Interpolation;

public sealed class InterpolatorTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["BRANCH"] = "feature/login",
        ["EMPTY"] = "",
        ["N"] = "42",
        ["_X1"] = "x",
    };

    [Theory]
    [InlineData("no dollars", "no dollars")]
    [InlineData("$BRANCH", "feature/login")]
    [InlineData("on $BRANCH!", "on feature/login!")]
    [InlineData("${BRANCH}-suffix", "feature/login-suffix")]
    [InlineData("$BRANCH_suffix", "")]
    [InlineData("$_X1$N", "x42")]
    [InlineData("$MISSING|${MISSING}", "|")]
    [InlineData("${MISSING:-dflt}", "dflt")]
    [InlineData("${EMPTY:-dflt}", "dflt")]
    [InlineData("${EMPTY-dflt}", "")]
    [InlineData("${MISSING-dflt}", "dflt")]
    [InlineData("${N:-dflt}", "42")]
    [InlineData("${MISSING:-$N}", "42")]
    [InlineData("${MISSING:-${ALSO_MISSING:-deep}}", "deep")]
    [InlineData("${MISSING:-}", "")]
    [InlineData("${BRANCH:8}", "login")]
    [InlineData("${BRANCH:0:7}", "feature")]
    [InlineData("${BRANCH: -5}", "login")]
    [InlineData("${BRANCH: -5:2}", "lo")]
    [InlineData("${BRANCH:100}", "")]
    [InlineData("${BRANCH:2:-6}", "ature")]
    [InlineData("${N?must be set}", "42")]
    [InlineData("${EMPTY?only unset fails}", "")]
    [InlineData("$$BRANCH", "$BRANCH")]
    [InlineData("$${BRANCH}", "${BRANCH}")]
    [InlineData("\\$BRANCH", "$BRANCH")]
    [InlineData("\\${BRANCH:-x}", "${BRANCH:-x}")]
    [InlineData("cost: $5 and $", "cost: $5 and $")]
    [InlineData("echo {{matrix.os}}", "echo {{matrix.os}}")]
    public void Interpolate_Expression_ReturnsExpected(string text, string expected)
        => Assert.Equal(expected, Interpolator.Interpolate(text, Env));

    [Theory]
    [InlineData("${MISSING?please set it}", "$MISSING: please set it")]
    [InlineData("${MISSING?}", "$MISSING: not set")]
    [InlineData("${EMPTY:?is empty on $N}", "$EMPTY: is empty on 42")]
    [InlineData("x ${BRANCH", "unterminated '${' at offset 2")]
    [InlineData("${}", "invalid variable name in '${}'")]
    [InlineData("${1X}", "invalid variable name in '${1X}'")]
    [InlineData("${BRANCH%%/*}", "invalid expansion '${BRANCH%%/*}'")]
    [InlineData("${BRANCH:x}", "invalid substring expansion '${BRANCH:x}'")]
    public void Interpolate_Invalid_ThrowsWithMessage(string text, string message)
        => Assert.Equal(message, Assert.Throws<InterpolationException>(() => Interpolator.Interpolate(text, Env)).Message);
}
