package dev.reactivedata.core.audit;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.r2dbc.mapping.event.AfterSaveCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeSaveCallback;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Spring Data R2DBC entity callbacks that append an {@code audit_log} row for every save of an
 * {@link Audited @Audited} entity, through the same connection and so in the same transaction as the write.
 * Before an update, the current row is read as the old value; after the write, the audit row is inserted with
 * the new row as read by the database. An insert costs one extra statement, an update two: a
 * {@code ReactiveDataRepository} runs the three in one transaction of its own when the caller opened none; a
 * direct {@code R2dbcEntityTemplate} save is atomic with its entry only inside a transaction of the caller's. Register one
 * instance as a bean (the core auto-configuration does).
 */
public final class AuditingEntityCallbacks implements BeforeSaveCallback<Object>, AfterSaveCallback<Object>, Ordered {

	private static final long PENDING_TTL_NANOS = Duration.ofMinutes(5).toNanos();

	private final DatabaseAuditLog log;

	private final RelationalMappingContext mappingContext;

	// Per entity class: its audited statements, or empty when it is not @Audited.
	private final Map<Class<?>, Optional<AuditStatements>> statements = new ConcurrentHashMap<>();

	// Keyed by identity of the OutboundRow, which Spring Data hands to both callbacks of one save.
	private final Map<OutboundRow, Pending> pending = new IdentityHashMap<>();

	/**
	 * Creates the callbacks.
	 * @param client the database client of the application's connection factory
	 * @param mappingContext the mapping context of the entities
	 */
	public AuditingEntityCallbacks(DatabaseClient client, RelationalMappingContext mappingContext) {
		this.log = new DatabaseAuditLog(Objects.requireNonNull(client, "client must not be null"));
		this.mappingContext = Objects.requireNonNull(mappingContext, "mappingContext must not be null");
	}

	@Override
	public Publisher<Object> onBeforeSave(Object entity, OutboundRow row, SqlIdentifier table) {
		AuditStatements statements = statements(entity);
		if (statements == null) {
			return Mono.just(entity);
		}
		Object id = id(entity);
		if (id == null) {
			remember(row, new Pending(AuditAction.CREATE, null, System.nanoTime()));
			return Mono.just(entity);
		}
		return this.log.snapshot(statements, id)
			.map(old -> new Pending(AuditAction.UPDATE, old, System.nanoTime()))
			.defaultIfEmpty(new Pending(AuditAction.CREATE, null, System.nanoTime()))
			.doOnNext(state -> remember(row, state))
			.thenReturn(entity);
	}

	@Override
	public Publisher<Object> onAfterSave(Object entity, OutboundRow row, SqlIdentifier table) {
		AuditStatements statements = statements(entity);
		if (statements == null) {
			return Mono.just(entity);
		}
		Pending state = forget(row);
		Object id = id(entity);
		if (id == null) {
			return Mono.error(new IllegalStateException("Cannot audit a saved " + entity.getClass().getName()
					+ " without an id"));
		}
		AuditAction action = (state != null) ? state.action() : AuditAction.CREATE;
		String oldValue = (state != null) ? state.oldValue() : null;
		return this.log.recordSaved(statements, id, action, oldValue).thenReturn(entity);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private @Nullable AuditStatements statements(Object entity) {
		return this.statements.computeIfAbsent(entity.getClass(),
				type -> Optional.ofNullable(AuditStatements.of(this.mappingContext.getRequiredPersistentEntity(type))))
			.orElse(null);
	}

	private @Nullable Object id(Object entity) {
		return this.mappingContext.getRequiredPersistentEntity(entity.getClass()).getIdentifierAccessor(entity).getIdentifier();
	}

	private void remember(OutboundRow row, Pending state) {
		synchronized (this.pending) {
			// A save that failed between the callbacks leaves its entry behind: drop the stale ones.
			long now = System.nanoTime();
			this.pending.values().removeIf(candidate -> now - candidate.createdAt() > PENDING_TTL_NANOS);
			this.pending.put(row, state);
		}
	}

	private @Nullable Pending forget(OutboundRow row) {
		synchronized (this.pending) {
			return this.pending.remove(row);
		}
	}

	private record Pending(AuditAction action, @Nullable String oldValue, long createdAt) {
	}

}
