package dev.reactivedata.core.maintenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds tables in the catalog: by the names an operator types, all of them, or those over a bloat threshold.
 */
final class Catalog {

	private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
			+ "AND n.nspname NOT LIKE 'pg\\_%'";

	private Catalog() {
	}

	/**
	 * A table found in the catalog.
	 * @param oid its OID
	 * @param name {@code schema.table} as shown
	 * @param sql its quoted name for statements
	 */
	record TableName(long oid, String name, String sql) {
	}

	/**
	 * Resolves typed names ({@code table} on the search path or {@code schema.table}) of tables or materialized
	 * views, in order, failing on the first unknown one.
	 */
	static List<TableName> resolve(Connection connection, List<String> names) throws SQLException {
		List<TableName> tables = new ArrayList<>();
		for (String name : names) {
			TableName table = null;
			try (PreparedStatement statement = connection.prepareStatement("""
					SELECT c.oid, n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
					FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p', 'm')""")) {
				statement.setString(1, name);
				try (ResultSet rows = statement.executeQuery()) {
					if (rows.next()) {
						table = new TableName(rows.getLong(1), rows.getString(2), rows.getString(3));
					}
				}
			}
			catch (SQLException ex) {
				// to_regclass raises on a malformed name (an unbalanced quote): unknown as well.
				if (!"42602".equals(ex.getSQLState())) {
					throw ex;
				}
			}
			if (table == null) {
				throw new MaintenanceException("no table " + name + " in database " + connection.getCatalog());
			}
			tables.add(table);
		}
		return tables;
	}

	/**
	 * The tables (and materialized views, with {@code views}) outside the system schemas, by name.
	 */
	static List<TableName> all(Connection connection, boolean views) throws SQLException {
		return query(connection, "SELECT c.oid, n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || "
				+ "quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
				+ (views ? "('r', 'm')" : "('r', 'p')") + " AND " + USER_SCHEMAS + " ORDER BY 2");
	}

	/**
	 * The tables whose dead tuples exceed a percentage of their live and dead tuples (the insights' bloat measure).
	 */
	static Map<Long, Double> bloat(Connection connection) throws SQLException {
		Map<Long, Double> bloat = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT relid, 100.0 * n_dead_tup / (n_live_tup + n_dead_tup)
				FROM pg_stat_user_tables WHERE n_dead_tup > 0"""); ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				bloat.put(rows.getLong(1), rows.getDouble(2));
			}
		}
		return bloat;
	}

	private static List<TableName> query(Connection connection, String sql) throws SQLException {
		List<TableName> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				tables.add(new TableName(rows.getLong(1), rows.getString(2), rows.getString(3)));
			}
		}
		return tables;
	}

}
