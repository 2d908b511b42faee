using ElasticCI.Cluster.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Tests.Cluster;

public sealed class PostgresClusterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
        => Assert.True(new PostgresClusterOptionsValidator().Validate(null, new PostgresClusterOptions { ConnectionString = "Host=127.0.0.1;Database=ci" }).Succeeded);

    [Fact]
    public void Validate_EveryBadSetting_ListsEveryProblemWithoutThePassword()
    {
        var result = new PostgresClusterOptionsValidator().Validate(null, new PostgresClusterOptions
        {
            ConnectionString = "Database=ci;Password=hunter2",
            LeaseDuration = TimeSpan.FromMilliseconds(500),
            RenewInterval = TimeSpan.Zero,
            Channel = "Bad Channel;",
            LeaseName = "",
        });

        var failures = Assert.IsAssignableFrom<IEnumerable<string>>(result.Failures).ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RenewInterval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Channel", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LeaseName", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPostgresCluster_RenewTooSlowForTheLease_ThrowsAndRegistersNothing()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<OptionsValidationException>(() => services.AddPostgresCluster(o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Database=ci";
            o.RenewInterval = TimeSpan.FromSeconds(5);
        }));

        Assert.Contains("RenewInterval", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddPostgresCluster_NotAConnectionString_Throws()
        => Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddPostgresCluster("this is ; not = a = connection string"));
}
