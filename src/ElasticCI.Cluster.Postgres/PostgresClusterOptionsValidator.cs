using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ElasticCI.Cluster.Postgres;

/// <summary>Checks <see cref="PostgresClusterOptions"/>, collecting every failure; messages never contain the connection string.</summary>
internal sealed partial class PostgresClusterOptionsValidator : IValidateOptions<PostgresClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Cluster ConnectionString is required.");
        }
        else
        {
            try
            {
                if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(options.ConnectionString).Host))
                {
                    failures.Add("Cluster ConnectionString must name a Host.");
                }
            }
            catch (ArgumentException)
            {
                failures.Add("Cluster ConnectionString is not a valid Npgsql connection string (Host=...;Database=...).");
            }
        }
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Cluster LeaseDuration must be between 1 second and 10 minutes, was {options.LeaseDuration}.");
        }
        if (options.RenewInterval <= TimeSpan.Zero || options.RenewInterval * 3 > options.LeaseDuration)
        {
            failures.Add($"Cluster RenewInterval must be positive and at most a third of LeaseDuration ({options.LeaseDuration}), was {options.RenewInterval}.");
        }
        if (!Identifier().IsMatch(options.Channel))
        {
            failures.Add($"Cluster Channel must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters), was '{options.Channel}'.");
        }
        if (string.IsNullOrWhiteSpace(options.LeaseName) || options.LeaseName.Length > 100)
        {
            failures.Add("Cluster LeaseName must be 1 to 100 characters.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
