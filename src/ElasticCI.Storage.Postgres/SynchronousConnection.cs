using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// A connection whose commands answer their async calls synchronously: the flow code (shared with SQLite, written with
/// Dapper's async calls) runs unchanged, but each statement blocks its thread until the server answers instead of
/// queuing a continuation on the thread pool. Used only while a flow holds the write lock.
/// </summary>
/// <remarks>
/// Why: a flow under the write lock makes about ten round trips, and every other writer of every coordinator waits for
/// it. Asynchronously, each answer becomes a thread-pool work item that waits behind the process's other work (HTTP
/// requests, long-polls); on a busy two-core coordinator that was about a millisecond per statement, so the lock was held
/// for ten times the server's time and saturated under the dispatch bench. Blocked on the socket, the thread is woken by
/// the kernel when the answer arrives: the lock is held for little more than the statements' own time, as SQLite's
/// in-process writes are. Waiting for the lock itself stays asynchronous, so queued writers hold no threads.
/// ADO.NET has no switch for this and Npgsql's sync and async paths are its own; the adapter only forwards.
/// Dapper picks how it passes list parameters by the connection's type name (arrays as one parameter only for a type
/// named <c>NpgsqlConnection</c>; the dialect's <c>= ANY(@x)</c> needs that), so the adapter carries that name, nested
/// in <see cref="SynchronousConnection"/> to keep it apart from Npgsql's type.
/// </remarks>
internal static class SynchronousConnection
{
    /// <summary>
    /// Borrows <paramref name="connection"/> (open, in its owner's transaction) for synchronous statements.
    /// <paramref name="first"/>: a statement that returns no rows (<c>DO ...</c>) to send ahead of the flow's first
    /// command, in the same round trip; that command runs asynchronously, since the statement may wait (for the write lock).
    /// </summary>
    public static DbConnection Of(Npgsql.NpgsqlConnection connection, string? first = null) => new NpgsqlConnection(connection, first);

    /// <summary>The adapter (see <see cref="SynchronousConnection"/>); its name is Dapper's cue for list parameters.</summary>
    private sealed class NpgsqlConnection(Npgsql.NpgsqlConnection inner, string? first) : DbConnection
    {
        /// <summary>The statement still to send ahead of the next command, taken by the first command that runs.</summary>
        private string? TakeFirst()
        {
            var statement = first;
            first = null;
            return statement;
        }

        [AllowNull]
        public override string ConnectionString
        {
            get => inner.ConnectionString;
            set => throw new NotSupportedException("The connection string of a borrowed connection does not change.");
        }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException("A borrowed connection stays on its database.");

        public override void Close()
        {
            // The connection is borrowed: its owner closes it.
        }

        public override void Open()
        {
            if (inner.State != ConnectionState.Open)
            {
                throw new InvalidOperationException("A borrowed connection is opened by its owner.");
            }
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
            => throw new NotSupportedException("The flow runs inside its owner's transaction.");

        protected override DbCommand CreateDbCommand() => new SynchronousCommand(this, inner.CreateCommand());

        /// <summary>A command that runs synchronously whether asked synchronously or not.</summary>
        private sealed class SynchronousCommand(NpgsqlConnection connection, NpgsqlCommand command) : DbCommand
        {
            [AllowNull]
            public override string CommandText
            {
                get => command.CommandText;
                set => command.CommandText = value;
            }

            public override int CommandTimeout
            {
                get => command.CommandTimeout;
                set => command.CommandTimeout = value;
            }

            public override CommandType CommandType
            {
                get => command.CommandType;
                set => command.CommandType = value;
            }

            public override bool DesignTimeVisible
            {
                get => command.DesignTimeVisible;
                set => command.DesignTimeVisible = value;
            }

            public override UpdateRowSource UpdatedRowSource
            {
                get => command.UpdatedRowSource;
                set => command.UpdatedRowSource = value;
            }

            protected override DbConnection? DbConnection
            {
                get => connection;
                set => throw new NotSupportedException("The command stays on its connection.");
            }

            protected override DbParameterCollection DbParameterCollection => command.Parameters;

            protected override DbTransaction? DbTransaction
            {
                get => command.Transaction;
                set => command.Transaction = (NpgsqlTransaction?)value;
            }

            public override void Cancel() => command.Cancel();

            public override int ExecuteNonQuery()
            {
                Prefix();
                return command.ExecuteNonQuery();
            }

            public override object? ExecuteScalar()
            {
                if (!Prefix())
                {
                    return command.ExecuteScalar();
                }
                using var reader = command.ExecuteReader();
                return reader.Read() ? reader.GetValue(0) : null;
            }

            public override void Prepare() => command.Prepare();

            public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Prefix() ? command.ExecuteNonQueryAsync(cancellationToken) : Task.FromResult(command.ExecuteNonQuery());
            }

            public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Prefix() ? ScalarAsync(cancellationToken) : Task.FromResult(command.ExecuteScalar());
            }

            /// <summary>The first column of the first row, read past the statement sent ahead (which has no rows).</summary>
            private async Task<object?> ScalarAsync(CancellationToken cancellationToken)
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? reader.GetValue(0) : null;
            }

            protected override DbParameter CreateDbParameter() => command.CreateParameter();

            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
                => command.ExecuteReader(Prefix() ? WithoutSingle(behavior) : behavior);

            protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Prefix())
                {
                    return await command.ExecuteReaderAsync(WithoutSingle(behavior), cancellationToken);
                }
                return command.ExecuteReader(behavior);
            }

            /// <summary>Puts the connection's first statement, if still unsent, ahead of this command's; true if it did.</summary>
            private bool Prefix()
            {
                if (connection.TakeFirst() is not { } statement)
                {
                    return false;
                }
                command.CommandText = $"{statement};\n{command.CommandText}";
                return true;
            }

            /// <summary>
            /// A reader's behaviour without the single-result and single-row hints, which the statement sent ahead (one more
            /// statement, though without rows) would make apply to it and not to the caller's query.
            /// </summary>
            private static CommandBehavior WithoutSingle(CommandBehavior behavior)
                => behavior & ~(CommandBehavior.SingleResult | CommandBehavior.SingleRow);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    command.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
