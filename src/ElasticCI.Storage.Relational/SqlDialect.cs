namespace ElasticCI.Storage.Relational;

/// <summary>
/// The few pieces of SQL the relational engines do not share. Every flow of <see cref="RelationalStore"/> is written
/// once in SQL both engines accept (CASE WHEN, CAST(... AS BIGINT), COALESCE, ON CONFLICT, LIMIT) and asks this for
/// the rest; a new engine implements these members and nothing else of the flows.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A condition: <paramref name="column"/> equals one of the values of the list parameter <paramref name="parameter"/> (no <c>@</c>).</summary>
    /// <remarks>The parameter's value is passed as an array (PostgreSQL binds it as one array; SQLite's Dapper expands it).</remarks>
    public abstract string In(string column, string parameter);

    /// <summary>The text at <paramref name="path"/> (property names, outermost first) of the JSON text column <paramref name="column"/>; NULL when absent.</summary>
    public abstract string JsonText(string column, params string[] path);

    /// <summary>A condition: the JSON property <paramref name="property"/> of <paramref name="column"/> is <c>true</c>.</summary>
    public abstract string JsonIsTrue(string column, string property);

    /// <summary>The name of <c>log_chunks</c>' byte offset column (<c>offset</c> is a reserved word in PostgreSQL).</summary>
    public abstract string LogOffset { get; }

    /// <summary>A column that orders rows of <c>instances</c> and <c>pipeline_uploads</c> by insertion.</summary>
    public abstract string InsertionOrder { get; }
}
