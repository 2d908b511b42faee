using ElasticCI.Storage.Relational;

namespace ElasticCI.Storage.Sqlite;

/// <summary>SQLite's SQL for what the relational engines do not share.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // Dapper expands a list parameter after IN into one parameter per value.
    public override string In(string column, string parameter) => $"{column} IN @{parameter}";

    public override string JsonText(string column, params string[] path) => $"json_extract({column}, '$.{string.Join('.', path)}')";

    // json_extract gives JSON true as the integer 1.
    public override string JsonIsTrue(string column, string property) => $"{JsonText(column, property)} = 1";

    public override string LogOffset => "offset";

    public override string InsertionOrder => "rowid";
}
