package dev.reactivedata.core.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.reactivedata.core.mapping.SoftDeletable;

import org.springframework.data.relational.core.dialect.PostgresDialect;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.sql.IdentifierProcessing;

/**
 * A table whose old rows retention deletes: the rows whose time column is older than a cutoff.
 * @param table the table name, as SQL (possibly schema-qualified, quoted where needed)
 * @param idColumn its primary-key column, which batches select by
 * @param timeColumn the column compared with the cutoff
 * @param kind {@link Kind#AUDIT} for the audit log, {@link Kind#SOFT_DELETED} for a {@link SoftDeletable} table
 */
public record RetentionTable(String table, String idColumn, String timeColumn, Kind kind) {

	/** The library's audit log: entries older than {@code --audit-older-than}. */
	public static final RetentionTable AUDIT_LOG = new RetentionTable("audit_log", "id", "occurred_at", Kind.AUDIT);

	private static final IdentifierProcessing IDENTIFIERS = PostgresDialect.INSTANCE.getIdentifierProcessing();

	/** Checks the names. */
	public RetentionTable {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(idColumn, "idColumn must not be null");
		Objects.requireNonNull(timeColumn, "timeColumn must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
	}

	/**
	 * Lists the {@link SoftDeletable} entities of a mapping context as tables whose soft-deleted rows retention
	 * purges.
	 * @param mappingContext the mapping context
	 * @return the tables, one per entity
	 */
	public static List<RetentionTable> softDeleted(RelationalMappingContext mappingContext) {
		List<RetentionTable> tables = new ArrayList<>();
		for (RelationalPersistentEntity<?> entity : mappingContext.getPersistentEntities()) {
			SoftDeletable soft = entity.findAnnotation(SoftDeletable.class);
			if (soft != null && entity.hasIdProperty()) {
				tables.add(new RetentionTable(entity.getQualifiedTableName().toSql(IDENTIFIERS),
						entity.getRequiredIdProperty().getColumnName().toSql(IDENTIFIERS),
						entity.getRequiredPersistentProperty(soft.property())
							.getColumnName()
							.toSql(IDENTIFIERS),
						Kind.SOFT_DELETED));
			}
		}
		return List.copyOf(tables);
	}

	/**
	 * What the rows of a table are.
	 */
	public enum Kind {

		/** Audit entries. */
		AUDIT,

		/** Soft-deleted rows. */
		SOFT_DELETED

	}

}
