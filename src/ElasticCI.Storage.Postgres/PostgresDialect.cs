using ElasticCI.Storage.Relational;

namespace ElasticCI.Storage.Postgres;

/// <summary>PostgreSQL's SQL for what the relational engines do not share.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    // Npgsql binds the array as one parameter.
    public override string In(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string JsonText(string column, params string[] path)
    {
        var steps = string.Concat(path[..^1].Select(p => $" -> '{p}'"));
        return $"({column}::jsonb{steps} ->> '{path[^1]}')";
    }

    public override string JsonIsTrue(string column, string property) => $"{JsonText(column, property)} = 'true'";

    public override string LogOffset => "byte_offset";

    public override string InsertionOrder => "seq";
}
