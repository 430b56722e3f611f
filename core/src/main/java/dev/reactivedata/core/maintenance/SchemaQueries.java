package dev.reactivedata.core.maintenance;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.reactivedata.core.maintenance.Catalog.TableName;

/**
 * Reads one table's columns, indexes, foreign keys and row-level security from the catalog.
 */
final class SchemaQueries {

	private SchemaQueries() {
	}

	static SchemaReport.Table describe(Connection connection, TableName table) throws SQLException {
		boolean rls;
		boolean force;
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = ?")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				rls = rows.getBoolean(1);
				force = rows.getBoolean(2);
			}
		}
		return new SchemaReport.Table(table.name(), rls, force, columns(connection, table), indexes(connection, table),
				foreignKeys(connection, table), policies(connection, table));
	}

	private static List<SchemaReport.Column> columns(Connection connection, TableName table) throws SQLException {
		List<SchemaReport.Column> columns = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
				       CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
				            WHEN a.attidentity <> '' THEN 'GENERATED ' || CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END || ' AS IDENTITY'
				            ELSE pg_get_expr(d.adbin, d.adrelid) END
				FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
				WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
				ORDER BY a.attnum""")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					columns.add(new SchemaReport.Column(rows.getString(1), rows.getString(2), rows.getBoolean(3),
							rows.getString(4)));
				}
			}
		}
		return columns;
	}

	private static List<SchemaReport.Index> indexes(Connection connection, TableName table) throws SQLException {
		List<SchemaReport.Index> indexes = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT c.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid)
				FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
				WHERE i.indrelid = ? ORDER BY NOT i.indisprimary, c.relname""")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					indexes.add(new SchemaReport.Index(rows.getString(1), rows.getBoolean(2), rows.getBoolean(3),
							rows.getString(4)));
				}
			}
		}
		return indexes;
	}

	private static List<SchemaReport.ForeignKey> foreignKeys(Connection connection, TableName table) throws SQLException {
		List<SchemaReport.ForeignKey> keys = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ? AND contype = 'f' "
						+ "ORDER BY conname")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					keys.add(new SchemaReport.ForeignKey(rows.getString(1), rows.getString(2)));
				}
			}
		}
		return keys;
	}

	private static List<SchemaReport.Policy> policies(Connection connection, TableName table) throws SQLException {
		List<SchemaReport.Policy> policies = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("""
				SELECT p.polname,
				       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
				                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
				       p.polpermissive,
				       CASE WHEN p.polroles = '{0}' THEN ARRAY['public']
				            ELSE ARRAY(SELECT rolname::text FROM pg_roles WHERE oid = ANY (p.polroles) ORDER BY 1) END,
				       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
				FROM pg_policy p WHERE p.polrelid = ? ORDER BY p.polname""")) {
			statement.setLong(1, table.oid());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Array roles = rows.getArray(4);
					policies.add(new SchemaReport.Policy(rows.getString(1), rows.getString(2), rows.getBoolean(3),
							List.of((String[]) roles.getArray()), rows.getString(5), rows.getString(6)));
				}
			}
		}
		return policies;
	}

}
