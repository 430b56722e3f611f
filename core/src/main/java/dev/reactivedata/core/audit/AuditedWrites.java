package dev.reactivedata.core.audit;

import java.util.Objects;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Audited forms of the SQL that writes one {@link Audited @Audited} entity's table outside Spring Data's saves
 * (which {@link AuditingEntityCallbacks} audit): the {@code ReactiveDataRepository}'s soft and hard deletes and
 * restores, the bulk operations, and an application's own statements. Each form is a single statement whose
 * data-modifying CTEs make the write and insert its {@code audit_log} rows, so both commit or fail together with or
 * without a surrounding transaction, at no extra round trip. Old and new values are the rows as JSON objects read by
 * the database, keyed by the entity's property names, less the {@link Audited#exclude() excluded} properties and the
 * tenant column (an entry keeps its tenant in a column of its own).
 * <p>
 * The write keeps its own parameters {@code $1 … $n}; the actor and correlation id of the Reactor Context
 * ({@link AuditContext}) follow as {@code $n+1} and {@code $n+2}, bound by {@link #bind(GenericExecuteSpec, int)}.
 * Resolve one instance per entity type with {@link #of(RelationalPersistentEntity)} and keep it; entities without
 * {@code @Audited} get none and so pay nothing.
 */
public sealed interface AuditedWrites permits AuditStatements {

	/**
	 * Resolves the audited writes of an entity.
	 * @param entity the mapped entity
	 * @return the audited writes, or empty when the entity's type is not {@link Audited @Audited}
	 */
	static Optional<AuditedWrites> of(RelationalPersistentEntity<?> entity) {
		Objects.requireNonNull(entity, "entity must not be null");
		return Optional.ofNullable(AuditStatements.of(entity));
	}

	/**
	 * Renders an audited {@code UPDATE}: the rows matching {@code where} are locked and read as old values, updated
	 * with {@code set}, and each changed row appends one entry with {@code action} and its old and new values.
	 * @param set the {@code SET} list, such as {@code "deleted_at" = now()}
	 * @param where the condition on the table's columns (unqualified), using parameters {@code $1 … $n}
	 * @param parameters {@code n}, the number of the write's own parameters
	 * @param action the action of the entries, such as {@link AuditAction#DELETE} or {@link AuditAction#RESTORE}
	 * @param returning the select list the statement emits per changed row, over the table's columns
	 * @return the SQL; it emits one row of {@code returning} per changed row
	 */
	String update(String set, String where, int parameters, AuditAction action, String returning);

	/**
	 * Renders an audited {@code DELETE}: each deleted row appends one {@link AuditAction#DELETE} entry whose old
	 * value is the row and whose new value is {@code null}.
	 * @param where the condition on the table's columns (unqualified), using parameters {@code $1 … $n}
	 * @param parameters {@code n}, the number of the write's own parameters
	 * @param returning the select list the statement emits per deleted row, over the table's columns
	 * @return the SQL; it emits one row of {@code returning} per deleted row
	 */
	String delete(String where, int parameters, String returning);

	/**
	 * Renders an audited bulk write: one entry for the whole statement (never one per row), with the number of
	 * affected rows as entity id and a JSON array of their ids as new value; none when no row was affected.
	 * @param write an {@code INSERT}, {@code UPDATE} or {@code DELETE} of the table without a {@code RETURNING}
	 * clause, using parameters {@code $1 … $n}; {@code RETURNING <id>} is appended
	 * @param parameters {@code n}, the number of the write's own parameters
	 * @param action the action of the entry, such as {@link AuditAction#BULK_INSERT}
	 * @return the SQL; it emits one row whose single column is the number of affected rows
	 */
	String bulk(String write, int parameters, AuditAction action);

	/**
	 * Binds the actor and correlation id of the subscriber's Reactor Context ({@code null} where absent) after the
	 * write's own parameters.
	 * @param spec the statement with the write's parameters bound
	 * @param parameters the number of the write's own parameters
	 * @return a {@link Mono} emitting the statement with every parameter bound, on subscription
	 */
	Mono<GenericExecuteSpec> bind(GenericExecuteSpec spec, int parameters);

}
