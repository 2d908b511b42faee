using Npgsql;

namespace ElasticCI.Storage.Postgres;

public sealed class PostgresStoreOptionsTests
{
    [Theory]
    [InlineData("postgres://app:secret@db.internal:6543/ci", "db.internal", 6543, "app", "secret", "ci")]
    [InlineData("postgresql://app@db.internal/ci", "db.internal", 5432, "app", null, "ci")]
    [InlineData("POSTGRES://app:p%40ss%3Aword@[::1]:5433/my%20db", "::1", 5433, "app", "p@ss:word", "my db")]
    public void TryParse_ValidUrl_ConnectionStringOfItsParts(string url, string host, int port, string user, string? password, string database)
    {
        Assert.True(PostgresStoreOptions.TryParse(url, out var options, out var error), error);

        var built = new NpgsqlConnectionStringBuilder(options!.ConnectionString);
        Assert.Equal((host, port, user, password, database), (built.Host, built.Port, built.Username, built.Password, built.Database));
        Assert.Equal($"{user}@{host}:{port}/{database}", options.Describe());
        Assert.DoesNotContain("secret", options.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_QueryParameters_BecomeNpgsqlSettings()
    {
        Assert.True(PostgresStoreOptions.TryParse("postgres://app@db/ci?Maximum%20Pool%20Size=7&Timeout=3", out var options, out _));

        var built = new NpgsqlConnectionStringBuilder(options!.ConnectionString);
        Assert.Equal((7, 3), (built.MaxPoolSize, built.Timeout));
    }

    [Fact]
    public void TryParse_NoSettings_StatementsPreparedAndConnectionsNotResetButTheUrlDecides()
    {
        Assert.True(PostgresStoreOptions.TryParse("postgres://app@db/ci", out var plain, out _));
        Assert.True(PostgresStoreOptions.TryParse("postgres://app@db/ci?Max%20Auto%20Prepare=0&No%20Reset%20On%20Close=false", out var pooler, out _));

        var defaults = new NpgsqlConnectionStringBuilder(plain!.ConnectionString);
        var chosen = new NpgsqlConnectionStringBuilder(pooler!.ConnectionString);
        Assert.Equal((PostgresStoreOptions.DefaultMaxAutoPrepare, true), (defaults.MaxAutoPrepare, defaults.NoResetOnClose));
        Assert.Equal((0, false), (chosen.MaxAutoPrepare, chosen.NoResetOnClose));
    }

    [Theory]
    [InlineData("mysql://app:pw@db/ci", "must start with postgres://")]
    [InlineData("postgres://app:pw@/ci", "names no host")]
    [InlineData("postgres://app:pw@db:0/ci", "port for host db must be a number from 1 to 65535, got '0'")]
    [InlineData("postgres://app:pw@db:5x/ci", "got '5x'")]
    [InlineData("postgres://:pw@db/ci", "for host db names no user")]
    [InlineData("postgres://app:pw@db", "for host db names no database")]
    [InlineData("postgres://app:pw@db/ci?NoSuchSetting=1", "unknown or invalid setting 'NoSuchSetting'")]
    public void TryParse_BadUrl_ErrorNamesTheProblemNotThePassword(string url, string expected)
    {
        Assert.False(PostgresStoreOptions.TryParse(url, out var options, out var error));

        Assert.Null(options);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw", error, StringComparison.Ordinal);
    }
}
