package dev.reactivedata.core.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The few JDBC queries of backups and restores.
 */
final class Sql {

	private Sql() {
	}

	static @Nullable String text(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
	}

	static List<String> texts(Connection connection, String sql) throws SQLException {
		List<String> texts = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				texts.add(rows.getString(1));
			}
		}
		return texts;
	}

	/**
	 * The ordinary tables outside the system schemas, as {@code schema.table}, sorted.
	 */
	static List<String> tables(Connection connection) throws SQLException {
		return texts(connection, """
				SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
				  AND n.nspname NOT LIKE 'pg\\_%'
				ORDER BY 1""");
	}

	/**
	 * Counts every table's rows with row-level security off, so a role that policies would bind fails instead of
	 * counting only the rows it may see (as {@code pg_dump} does).
	 */
	static Map<String, Long> rowCounts(Connection connection, List<String> tables) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET row_security = off");
			for (String table : tables) {
				try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
					rows.next();
					counts.put(table, rows.getLong(1));
				}
			}
		}
		return counts;
	}

	/**
	 * Quotes {@code schema.table} as two identifiers (names from the catalog, never from a user unchecked).
	 */
	static String quote(String qualified) {
		int dot = qualified.indexOf('.');
		return identifier(qualified.substring(0, dot)) + "." + identifier(qualified.substring(dot + 1));
	}

	static String identifier(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

}
