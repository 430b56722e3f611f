package dev.reactivedata.core.maintenance;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The tables of a database as {@code db schema} shows them.
 * @param tables the tables, by schema and name
 */
public record SchemaReport(List<Table> tables) {

	/**
	 * Copies the tables.
	 * @param tables the tables
	 */
	public SchemaReport {
		tables = List.copyOf(tables);
	}

	/**
	 * A table.
	 * @param table {@code schema.table}
	 * @param rowLevelSecurity whether row-level security is enabled
	 * @param forceRowLevelSecurity whether it also binds the table's owner
	 * @param columns its columns, in order
	 * @param indexes its indexes
	 * @param foreignKeys its foreign keys
	 * @param policies its row-level security policies
	 */
	public record Table(String table, boolean rowLevelSecurity, boolean forceRowLevelSecurity, List<Column> columns,
			List<Index> indexes, List<ForeignKey> foreignKeys, List<Policy> policies) {
	}

	/**
	 * A column.
	 * @param name its name
	 * @param type its type as SQL writes it
	 * @param nullable whether it takes nulls
	 * @param defaultValue its default or generation expression, or {@code null}
	 */
	public record Column(String name, String type, boolean nullable, @Nullable String defaultValue) {
	}

	/**
	 * An index.
	 * @param name its name
	 * @param primary whether it backs the primary key
	 * @param unique whether it is unique
	 * @param definition its {@code CREATE INDEX} statement
	 */
	public record Index(String name, boolean primary, boolean unique, String definition) {
	}

	/**
	 * A foreign key.
	 * @param name the constraint's name
	 * @param definition its definition ({@code FOREIGN KEY (…) REFERENCES …})
	 */
	public record ForeignKey(String name, String definition) {
	}

	/**
	 * A row-level security policy.
	 * @param name its name
	 * @param command the command it applies to ({@code ALL}, {@code SELECT}, …)
	 * @param permissive whether it is permissive rather than restrictive
	 * @param roles the roles it applies to
	 * @param using its {@code USING} expression, or {@code null}
	 * @param withCheck its {@code WITH CHECK} expression, or {@code null}
	 */
	public record Policy(String name, String command, boolean permissive, List<String> roles, @Nullable String using,
			@Nullable String withCheck) {
	}

}
