package dev.reactivedata.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The {@link AuditedWrites} of one {@link Audited @Audited} entity, and the statements with which
 * {@link AuditingEntityCallbacks} read a row before a save and append the saved row's entry.
 */
final class AuditStatements implements AuditedWrites {

	private static final String COLUMNS = "audit_log (entity_type, entity_id, action, actor, old_value, new_value, correlation_id)";

	private static final IdentifierProcessing IDENTIFIERS = PostgresDialect.INSTANCE.getIdentifierProcessing();

	/** The column a tenant-scoped table keeps its tenant in; an entry carries it in a column of its own. */
	private static final String TENANT_COLUMN = "tenant_id";

	// jsonb_build_object takes at most 100 arguments: 50 properties per call, concatenated.
	private static final int PROPERTIES_PER_OBJECT = 50;

	private final String table;

	private final String idColumn;

	private final String entityTypeName;

	private final String entityType;

	private final List<String[]> properties;

	private final String snapshot;

	private final String saved;

	private AuditStatements(RelationalPersistentEntity<?> entity, Audited audited) {
		this.table = entity.getQualifiedTableName().toSql(IDENTIFIERS);
		this.idColumn = entity.getRequiredIdProperty().getColumnName().toSql(IDENTIFIERS);
		this.entityTypeName = entityType(entity.getType(), audited);
		this.entityType = literal(this.entityTypeName);
		Set<String> exclude = Set.copyOf(List.of(audited.exclude()));
		List<String[]> properties = new ArrayList<>();
		String[] softDeleteKey = { null };
		entity.doWithProperties((RelationalPersistentProperty property) -> {
			String column = property.getColumnName().getReference();
			if (column.equals(audited.softDeleteColumn())) {
				softDeleteKey[0] = property.getName();
			}
			if (!property.isEmbedded() && !exclude.contains(property.getName()) && !exclude.contains(column)
					&& !column.equals(TENANT_COLUMN)) {
				properties.add(new String[] { property.getName(), property.getColumnName().toSql(IDENTIFIERS) });
			}
		});
		this.properties = List.copyOf(properties);
		this.snapshot = "SELECT (" + json("t") + ")::text AS v FROM " + this.table + " t WHERE t." + this.idColumn + " = :key";
		this.saved = saved(softDeleteKey[0]);
	}

	/** The statements of an entity, or {@code null} when the entity's type is not {@link Audited @Audited}. */
	static @Nullable AuditStatements of(RelationalPersistentEntity<?> entity) {
		Audited audited = AnnotatedElementUtils.findMergedAnnotation(entity.getType(), Audited.class);
		return (audited != null) ? new AuditStatements(entity, audited) : null;
	}

	@Override
	public String update(String set, String where, int parameters, AuditAction action, String returning) {
		return """
				WITH audit_old AS (
				    SELECT t.%2$s AS audit_key, %3$s AS audit_value FROM %1$s t WHERE %4$s FOR UPDATE
				), audit_changed AS (
				    UPDATE %1$s t SET %5$s FROM audit_old WHERE t.%2$s = audit_old.audit_key RETURNING t.*
				), audit_entry AS (
				    INSERT INTO %6$s
				    SELECT %7$s, c.%2$s::text, '%8$s', %11$s, o.audit_value, %9$s, %12$s
				      FROM audit_old o JOIN audit_changed c ON c.%2$s = o.audit_key
				)
				SELECT %10$s FROM audit_changed""".formatted(this.table, this.idColumn, json("t"), where, set, COLUMNS,
				this.entityType, action.name(), json("c"), returning, actor(parameters), correlation(parameters));
	}

	@Override
	public String delete(String where, int parameters, String returning) {
		return """
				WITH audit_changed AS (
				    DELETE FROM %1$s t WHERE %3$s RETURNING t.*
				), audit_entry AS (
				    INSERT INTO %4$s
				    SELECT %5$s, c.%2$s::text, 'DELETE', %8$s, %6$s, NULL, %9$s FROM audit_changed c
				)
				SELECT %7$s FROM audit_changed""".formatted(this.table, this.idColumn, where, COLUMNS, this.entityType,
				json("c"), returning, actor(parameters), correlation(parameters));
	}

	@Override
	public String bulk(String write, int parameters, AuditAction action) {
		return """
				WITH audit_changed AS (
				    %1$s RETURNING %2$s
				), audit_entry AS (
				    INSERT INTO %3$s
				    SELECT %4$s, count(*)::text, '%5$s', %6$s, NULL, jsonb_agg(c.%2$s), %7$s
				      FROM audit_changed c HAVING count(*) > 0
				)
				SELECT count(*) AS n FROM audit_changed""".formatted(write, this.idColumn, COLUMNS, this.entityType,
				action.name(), actor(parameters), correlation(parameters));
	}

	@Override
	public Mono<GenericExecuteSpec> bind(GenericExecuteSpec spec, int parameters) {
		Objects.requireNonNull(spec, "spec must not be null");
		return DatabaseAuditLog.writer().map(writer -> text(text(spec, parameters, writer.getT1()), parameters + 1,
				writer.getT2()));
	}

	/** The entity type an audited entity is logged as: {@link Audited#entityType()} or the simple class name. */
	static String entityType(Class<?> type, Audited audited) {
		return audited.entityType().isEmpty() ? type.getSimpleName() : audited.entityType();
	}

	private static String actor(int parameters) {
		return "$" + (parameters + 1) + "::text";
	}

	private static String correlation(int parameters) {
		return "$" + (parameters + 2) + "::text";
	}

	/**
	 * The JSON value of a row as the audit log stores it: an object keyed by the entity's property names (as the
	 * API speaks), less the excluded properties and the tenant column.
	 * @param alias the row's alias
	 */
	String json(String alias) {
		if (this.properties.isEmpty()) {
			return "'{}'::jsonb";
		}
		List<String> objects = new ArrayList<>();
		for (int from = 0; from < this.properties.size(); from += PROPERTIES_PER_OBJECT) {
			objects.add(this.properties.subList(from, Math.min(from + PROPERTIES_PER_OBJECT, this.properties.size()))
				.stream()
				.map(property -> literal(property[0]) + ", " + alias + "." + property[1])
				.collect(Collectors.joining(", ", "jsonb_build_object(", ")")));
		}
		return String.join(" || ", objects);
	}

	/** The entity type the entries are logged as. */
	String entityType() {
		return this.entityTypeName;
	}

	/** The entity's table as SQL. */
	String table() {
		return this.table;
	}

	/** The entity's id column as SQL. */
	String idColumn() {
		return this.idColumn;
	}

	/** Selects the JSON value of the row with id {@code :key} as text {@code v}. */
	String snapshot() {
		return this.snapshot;
	}

	/**
	 * Appends the entry of a saved row (id {@code :key}) with its new value read from the table; parameters
	 * {@code :type}, {@code :entityId}, {@code :action}, {@code :actor}, {@code :old} and {@code :correlation}. An
	 * update that sets the soft-delete column ({@link Audited#softDeleteColumn()}) is logged as {@code DELETE}, one
	 * that clears it as {@code RESTORE}.
	 */
	String saved() {
		return this.saved;
	}

	private String saved(@Nullable String softDeleteKey) {
		String action = (softDeleteKey == null) ? ":action" : """
				CASE WHEN :action = 'UPDATE' AND CAST(:old AS jsonb) -> %1$s = 'null'::jsonb
				          AND n.v -> %1$s <> 'null'::jsonb THEN 'DELETE'
				     WHEN :action = 'UPDATE' AND CAST(:old AS jsonb) -> %1$s <> 'null'::jsonb
				          AND n.v -> %1$s = 'null'::jsonb THEN 'RESTORE'
				     ELSE :action END""".formatted(literal(softDeleteKey));
		return """
				INSERT INTO %s
				SELECT :type, :entityId, %s, :actor, CAST(:old AS jsonb), n.v, :correlation
				  FROM (SELECT %s AS v FROM %s t WHERE t.%s = :key) n""".formatted(COLUMNS, action, json("t"), this.table,
				this.idColumn);
	}

	private static GenericExecuteSpec text(GenericExecuteSpec spec, int index, @Nullable String value) {
		return (value == null || value.isEmpty()) ? spec.bindNull(index, String.class) : spec.bind(index, value);
	}

	// Entity types and excluded columns are annotation constants, never request input; quoted all the same.
	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
