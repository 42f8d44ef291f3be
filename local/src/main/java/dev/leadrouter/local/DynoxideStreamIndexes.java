package dev.leadrouter.local;

import dev.leadrouter.log.Log;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Indexes on Dynoxide's stream records. Dynoxide 1.2.1 keeps every record of every table's stream in one SQLite
 * table without an index and never trims it, and finds a stream's next sequence number, the records after a shard
 * iterator and a shard's range by reading all of them. So each write to the leads table (whose stream feeds
 * {@code /stats}) and each GetRecords cost more the longer the stack has run: PutItem went from 1.1 ms at 500
 * stream records to 4.2 ms at 12,000 (BENCHMARKS.md). These indexes match those three queries (the first two
 * compare {@code CAST(sequence_number AS INTEGER)}, hence the expression), which makes the first two index
 * lookups. Dynoxide's own data is untouched: an index is only a faster way to the same rows.
 */
final class DynoxideStreamIndexes {
    private static final Log LOG = Log.of(DynoxideStreamIndexes.class);
    private static final List<String> INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS lead_router_stream_next"
                    + " ON _stream_records (table_name, CAST(sequence_number AS INTEGER))",
            "CREATE INDEX IF NOT EXISTS lead_router_stream_after"
                    + " ON _stream_records (table_name, shard_id, CAST(sequence_number AS INTEGER))",
            "CREATE INDEX IF NOT EXISTS lead_router_stream_range"
                    + " ON _stream_records (table_name, shard_id, sequence_number)");
    /** Dynoxide answers requests while the indexes are made; a write of its own holds the file that long at most. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private DynoxideStreamIndexes() {
    }

    /**
     * Creates the indexes in the running Dynoxide's database file. A Dynoxide whose schema differs (another
     * version) keeps working without them: that is logged, not thrown.
     */
    static void create(Path databaseFile) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            for (String index : INDEXES) {
                statement.execute(index);
            }
        } catch (SQLException e) {
            LOG.warn("Dynoxide's stream records are not indexed: writes to tables with a stream slow down as the"
                    + " stream grows", "database", databaseFile.toString(), "reason", e.getMessage());
        }
    }
}
