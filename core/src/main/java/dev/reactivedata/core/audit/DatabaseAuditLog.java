package dev.reactivedata.core.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * {@link AuditLog} on {@code audit_log} through a {@link DatabaseClient}; also writes the rows of
 * {@link AuditingEntityCallbacks}, reading old and new values as JSON in the database.
 */
final class DatabaseAuditLog implements AuditLog {

	private static final String INSERT = """
			INSERT INTO audit_log (entity_type, entity_id, action, actor, old_value, new_value, correlation_id)
			VALUES (:type, :entityId, :action, :actor, CAST(:old AS jsonb), CAST(:new AS jsonb), :correlation)""";

	private static final String COLUMNS = """
			id, entity_type, entity_id, action, actor, old_value::text AS old_value, new_value::text AS new_value,
			correlation_id, occurred_at""";

	/** Entries deleted per statement by retention, so that no statement holds its locks for long. */
	static final int RETENTION_BATCH = 5000;

	private static final String DELETE_BATCH = """
			DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < $1 ORDER BY id LIMIT $2)""";

	private final DatabaseClient client;

	DatabaseAuditLog(DatabaseClient client) {
		this.client = Objects.requireNonNull(client, "client must not be null");
	}

	@Override
	public Mono<Void> record(AuditEvent event) {
		Objects.requireNonNull(event, "event must not be null");
		return writer().flatMap(writer -> {
			GenericExecuteSpec spec = this.client.sql(INSERT)
				.bind("type", event.entityType())
				.bind("entityId", event.entityId())
				.bind("action", event.action().name());
			spec = bindNullable(spec, "actor", writer.getT1());
			spec = bindNullable(spec, "old", event.oldValue());
			spec = bindNullable(spec, "new", event.newValue());
			spec = bindNullable(spec, "correlation", writer.getT2());
			return spec.then();
		});
	}

	/**
	 * Emits the current row of an entity as JSON text, or completes empty when the row does not exist (or is
	 * invisible to the connection's tenant).
	 */
	Mono<String> snapshot(AuditStatements statements, Object id) {
		return this.client.sql(statements.snapshot())
			.bind("key", id)
			.map(row -> Objects.requireNonNull(row.get("v", String.class)))
			.one();
	}

	/**
	 * Appends the entry of a saved entity, reading its new value from the row just written. An update that sets
	 * the soft-delete column is logged as {@code DELETE}, one that clears it as {@code RESTORE}.
	 */
	Mono<Void> recordSaved(AuditStatements statements, Object id, AuditAction action, @Nullable String oldValue) {
		return writer().flatMap(writer -> {
			GenericExecuteSpec spec = this.client.sql(statements.saved())
				.bind("type", statements.entityType())
				.bind("entityId", id.toString())
				.bind("action", action.name())
				.bind("key", id);
			spec = bindNullable(spec, "actor", writer.getT1());
			spec = bindNullable(spec, "old", oldValue);
			spec = bindNullable(spec, "correlation", writer.getT2());
			return spec.then();
		});
	}

	/**
	 * Emits the actor and correlation id of the subscriber's context, each {@code ""} when absent.
	 */
	static Mono<Tuple2<String, String>> writer() {
		return Mono.zip(AuditContext.actor().defaultIfEmpty(""), AuditContext.correlationId().defaultIfEmpty(""))
			.map(t -> Tuples.of(t.getT1(), t.getT2()));
	}

	private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, @Nullable String value) {
		return (value == null || value.isEmpty()) ? spec.bindNull(name, String.class) : spec.bind(name, value);
	}

	@Override
	public Mono<AuditPage> find(AuditQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		List<String> conditions = new ArrayList<>();
		List<Object[]> binds = new ArrayList<>();
		condition(conditions, binds, "entity_type = :entityType", "entityType", query.entityType());
		condition(conditions, binds, "entity_id = :entityId", "entityId", query.entityId());
		condition(conditions, binds, "action = :action", "action",
				(query.action() != null) ? query.action().name() : null);
		condition(conditions, binds, "actor = :actor", "actor", query.actor());
		condition(conditions, binds, "correlation_id = :correlationId", "correlationId", query.correlationId());
		condition(conditions, binds, "occurred_at >= :after", "after",
				(query.occurredAfter() != null) ? query.occurredAfter().atOffset(ZoneOffset.UTC) : null);
		condition(conditions, binds, "occurred_at < :before", "before",
				(query.occurredBefore() != null) ? query.occurredBefore().atOffset(ZoneOffset.UTC) : null);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		GenericExecuteSpec content = this.client.sql("SELECT " + COLUMNS + " FROM audit_log" + where
				+ " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset");
		GenericExecuteSpec count = this.client.sql("SELECT count(*) AS n FROM audit_log" + where);
		for (Object[] bind : binds) {
			content = content.bind((String) bind[0], bind[1]);
			count = count.bind((String) bind[0], bind[1]);
		}
		Mono<List<AuditEntry>> items = content.bind("limit", query.size())
			.bind("offset", (long) query.page() * query.size())
			.map(DatabaseAuditLog::entry)
			.all()
			.collectList();
		Mono<Long> total = count.map(row -> Objects.requireNonNull(row.get("n", Long.class))).one();
		return Mono.zip(items, total).map(page -> new AuditPage(page.getT1(), query.page(), query.size(), page.getT2()));
	}

	private static void condition(List<String> conditions, List<Object[]> binds, String sql, String name,
			@Nullable Object value) {
		if (value != null) {
			conditions.add(sql);
			binds.add(new Object[] { name, value });
		}
	}

	private static AuditEntry entry(Readable row) {
		OffsetDateTime occurredAt = Objects.requireNonNull(row.get("occurred_at", OffsetDateTime.class));
		return new AuditEntry(Objects.requireNonNull(row.get("id", Long.class)),
				Objects.requireNonNull(row.get("entity_type", String.class)),
				Objects.requireNonNull(row.get("entity_id", String.class)),
				AuditAction.valueOf(row.get("action", String.class)), row.get("actor", String.class),
				row.get("old_value", String.class), row.get("new_value", String.class),
				row.get("correlation_id", String.class), occurredAt.toInstant());
	}

	@Override
	public Mono<Long> deleteOlderThan(Duration age) {
		Objects.requireNonNull(age, "age must not be null");
		if (age.isNegative() || age.isZero()) {
			return Mono.error(new IllegalArgumentException("age must be positive, was " + age));
		}
		return Mono.defer(() -> {
			OffsetDateTime cutoff = Instant.now().minus(age).atOffset(ZoneOffset.UTC);
			return deleteBatch(cutoff)
				.expand(deleted -> (deleted < RETENTION_BATCH) ? Mono.empty() : deleteBatch(cutoff))
				.reduce(0L, Long::sum);
		});
	}

	private Mono<Long> deleteBatch(OffsetDateTime cutoff) {
		return this.client.sql(DELETE_BATCH).bind(0, cutoff).bind(1, RETENTION_BATCH).fetch().rowsUpdated();
	}

}
