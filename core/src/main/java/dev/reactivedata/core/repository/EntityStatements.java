package dev.reactivedata.core.repository;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Objects;

import dev.reactivedata.core.audit.AuditAction;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.audit.AuditedWrites;
import dev.reactivedata.core.internal.EntityModel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.ClassUtils;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/**
 * The fixed statements of one entity, rendered once: reads by id, deletes (soft, versioned, audited) and
 * restores, and how each binds and runs. The reads by id go to the connection through {@link ConnectionReads}, the
 * writes through {@code DatabaseClient}.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
final class EntityStatements<T, ID> {

	private final EntityModel<T> model;

	private final DatabaseClient client;

	private final ConnectionReads reads;

	private final @Nullable RelationalPersistentProperty softDelete;

	private final String findById;

	private final String existsById;

	private final String findAllById;

	private final String deleteById;

	private final @Nullable String restoreById;

	private final @Nullable String deleteEverything;

	// Null for an entity without @Audited: its statements stay exactly as they are.
	private final @Nullable AuditedWrites audit;

	EntityStatements(EntityModel<T> model, DatabaseClient client) {
		this.model = model;
		this.client = client;
		this.reads = new ConnectionReads(client.getConnectionFactory());
		this.softDelete = this.model.softDelete().orElse(null);
		String liveSql = (this.softDelete != null) ? " AND " + EntityModel.column(this.softDelete) + " IS NULL" : "";
		String select = "SELECT " + this.model.selectList() + " FROM " + this.model.table() + " WHERE " + EntityModel.column(this.model.id());
		this.findById = select + " = $1" + liveSql;
		this.findAllById = select + " = ANY($1)" + liveSql;
		this.existsById = "SELECT 1 FROM " + this.model.table() + " WHERE " + EntityModel.column(this.model.id()) + " = $1" + liveSql
				+ " LIMIT 1";
		String idColumn = EntityModel.column(this.model.id());
		AuditedWrites audit = AuditedWrites.of(this.model.entity()).orElse(null);
		this.audit = audit;
		RelationalPersistentProperty soft = this.softDelete;
		String byId = idColumn + " = $1";
		int deleters = this.model.deletedBy().isPresent() ? 1 : 0;
		if (audit == null) {
			this.deleteById = (soft != null)
					? "UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$2") + " WHERE " + byId + liveSql
					: "DELETE FROM " + this.model.table() + " WHERE " + byId;
			this.restoreById = null;
			this.deleteEverything = null;
		}
		else if (soft != null) {
			this.deleteById = audit.update(this.model.softDeleteAssignments("$2"), byId + liveSql, 1 + deleters, AuditAction.DELETE, "1");
			this.restoreById = audit.update(this.model.restoreAssignments(), byId + " AND " + EntityModel.column(soft) + " IS NOT NULL", 1,
					AuditAction.RESTORE, this.model.selectList());
			this.deleteEverything = audit.bulk("UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$1")
					+ " WHERE " + EntityModel.column(soft) + " IS NULL", deleters, AuditAction.BULK_DELETE);
		}
		else {
			this.deleteById = audit.delete(byId, 1, "1");
			this.restoreById = null;
			this.deleteEverything = audit.bulk("DELETE FROM " + this.model.table(), 0, AuditAction.BULK_DELETE);
		}
	}

	/** Whether the entity is {@code @Audited}: its writes and their audit entries go together. */
	boolean audited() {
		return this.audit != null;
	}

	Mono<T> findById(ID id) {
		return this.reads.one(this.findById, id, this::read);
	}

	Mono<Boolean> existsById(ID id) {
		return this.reads.all(this.existsById, id, (row, metadata) -> 1).hasElements();
	}

	/** Reads the live rows of a non-empty list of ids in one statement. */
	Flux<T> findAllById(List<ID> ids) {
		return this.reads.all(this.findAllById, idArray(ids), this::read);
	}

	Mono<Boolean> deleteIfPresent(ID id) {
		return deleter(this.client.sql(this.deleteById).bind(0, id), 1).flatMap(spec -> (this.audit == null)
				? spec.fetch().rowsUpdated().map(rows -> rows > 0) : audited(spec, 1 + deleters()));
	}

	/** Whether {@link #deleteEverything} applies: the entity is audited. */
	boolean deletesEverything() {
		return this.deleteEverything != null;
	}

	/** Deletes (or soft-deletes) every live row of an audited entity, with one audit entry. */
	Mono<Void> deleteEverything() {
		String audited = Objects.requireNonNull(this.deleteEverything, "deleteEverything");
		return deleter(this.client.sql(audited), 0).flatMap(spec -> bindAudit(spec, deleters()))
			.flatMap(spec -> spec.then());
	}

	/** Soft-deletes every live row of an entity whose soft-delete property is {@code soft}. */
	Mono<Void> softDeleteAll(RelationalPersistentProperty soft) {
		return deleter(this.client.sql("UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$1")
				+ " WHERE " + EntityModel.column(soft) + " IS NULL"), 0).flatMap(spec -> spec.then());
	}

	/** Restores the soft-deleted row of an entity whose soft-delete property is {@code soft}. */
	Mono<T> restore(ID id, RelationalPersistentProperty soft) {
		String audited = this.restoreById;
		if (audited != null) {
			return bindAudit(this.client.sql(audited).bind(0, id), 1).flatMap(spec -> spec.map(this::read).one());
		}
		return this.client.sql("UPDATE " + this.model.table() + " SET " + this.model.restoreAssignments() + " WHERE "
				+ EntityModel.column(this.model.id()) + " = $1 AND " + EntityModel.column(soft) + " IS NOT NULL RETURNING "
				+ this.model.selectList())
			.bind(0, id)
			.map(this::read)
			.one();
	}

	/**
	 * Runs an audited statement that emits a row per changed row; emits whether it changed any.
	 */
	private Mono<Boolean> audited(DatabaseClient.GenericExecuteSpec spec, int parameters) {
		return bindAudit(spec, parameters).flatMap(bound -> bound.map((row, metadata) -> 1).all().hasElements());
	}

	/** Binds the actor and correlation id of a statement that {@link #audit} rendered (so it is not null). */
	private Mono<DatabaseClient.GenericExecuteSpec> bindAudit(DatabaseClient.GenericExecuteSpec spec, int parameters) {
		return Objects.requireNonNull(this.audit, "audit").bind(spec, parameters);
	}

	private T read(Row row, RowMetadata metadata) {
		return this.model.rowReader().apply(row, metadata);
	}

	/**
	 * Binds who deletes (the actor of the Reactor Context, or {@code null}) at {@code index} when the entity
	 * records it; a soft delete's statement then has that parameter.
	 */
	private int deleters() {
		return this.model.deletedBy().isPresent() ? 1 : 0;
	}

	private Mono<DatabaseClient.GenericExecuteSpec> deleter(DatabaseClient.GenericExecuteSpec spec, int index) {
		if (this.model.deletedBy().isEmpty()) {
			return Mono.just(spec);
		}
		return AuditContext.actor().map(actor -> spec.bind(index, actor)).defaultIfEmpty(spec.bindNull(index, String.class));
	}

	private Object idArray(List<ID> ids) {
		// The driver encodes arrays of boxed values (Integer[], Long[]), not int[] or long[].
		Object array = Array.newInstance(ClassUtils.resolvePrimitiveIfNecessary(this.model.id().getType()), ids.size());
		for (int i = 0; i < ids.size(); i++) {
			Array.set(array, i, ids.get(i));
		}
		return array;
	}

}
