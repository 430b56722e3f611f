package dev.reactivedata.core.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table found in the catalog with its columns.
 * @param name {@code schema.table} as shown
 * @param sql its quoted name for statements
 * @param estimatedRows the planner's row estimate, {@code -1} when unknown
 * @param columns its columns, in order
 */
record TableColumns(String name, String sql, long estimatedRows, List<Column> columns) {

	/**
	 * A column.
	 * @param name its name
	 * @param sql its quoted name
	 * @param text whether its type is a string or an enum, whose CSV cells are neutralised against formulas (a
	 * number, date, UUID, array or JSON cell cannot start a formula; {@code -5} is no formula)
	 * @param generated whether it is generated (neither exported nor imported)
	 * @param identityAlways whether it is {@code GENERATED ALWAYS AS IDENTITY} (imports override it)
	 */
	record Column(String name, String sql, boolean text, boolean generated, boolean identityAlways) {
	}

	/**
	 * Finds a table (and, for exports, a view) by a typed name.
	 * @throws TransferException when there is none
	 */
	static TableColumns find(Connection connection, String typed, boolean views) throws SQLException {
		String name = null;
		String sql = null;
		long oid = 0;
		long estimate = -1;
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT c.oid, n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname),
				       c.reltuples::bigint
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p'""" + (views ? ", 'v', 'm')" : ")"))) {
			statement.setString(1, typed);
			try (ResultSet rows = statement.executeQuery()) {
				if (rows.next()) {
					oid = rows.getLong(1);
					name = rows.getString(2);
					sql = rows.getString(3);
					estimate = rows.getLong(4);
				}
			}
		}
		catch (SQLException ex) {
			// to_regclass raises on a malformed name (an unbalanced quote): unknown as well.
			if (!"42602".equals(ex.getSQLState())) {
				throw ex;
			}
		}
		if (name == null || sql == null) {
			throw new TransferException("no table " + typed + " in database " + connection.getCatalog());
		}
		List<Column> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT a.attname, quote_ident(a.attname), t.typcategory IN ('S', 'E'), a.attgenerated <> '', a.attidentity = 'a'
				FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
				WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")) {
			statement.setLong(1, oid);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					columns.add(new Column(rows.getString(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4),
							rows.getBoolean(5)));
				}
			}
		}
		return new TableColumns(name, sql, estimate, columns);
	}

	/**
	 * @return the columns that can be written: all but the generated ones
	 */
	List<Column> writable() {
		return this.columns.stream().filter(column -> !column.generated()).toList();
	}

	static String list(List<Column> columns) {
		return columns.stream().map(Column::sql).collect(Collectors.joining(", "));
	}

}
