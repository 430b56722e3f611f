package dev.reactivedata.core.audit;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The audit log ({@code audit_log}): record writes, query them, and drop old entries. Rows are written through
 * the {@link DatabaseClient}, so inside a reactive transaction they commit or roll back with the write they
 * describe. Row-level security scopes rows to the tenant bound to the connection.
 */
public interface AuditLog {

	/**
	 * Appends one entry with the actor and correlation id of the Reactor Context ({@link AuditContext}), the
	 * tenant of the connection and the database's clock; for writes of your own (repositories and bulk operations
	 * audit theirs already). Run it in the write's transaction. Emits completion once written, or the database
	 * error.
	 * @param event what was written
	 * @return completion
	 */
	Mono<Void> record(AuditEvent event);

	/**
	 * Emits one page of the current tenant's entries that match {@code query}, newest first, with the total
	 * number of matches.
	 * @param query filters and paging
	 * @return the page
	 */
	Mono<AuditPage> find(AuditQuery query);

	/**
	 * Deletes entries older than {@code age} in batches of a few thousand (one statement, and so one transaction
	 * unless the caller opened one, per batch), and emits how many were deleted. The audit log is append-only
	 * for every role but the owner of {@code audit_log}: call this through a log created on a client connected as
	 * the owner (an operator's retention job, superuser or {@code BYPASSRLS} to reach every tenant); through the
	 * application role it fails with the database's {@code insufficient_privilege} error. Deleting the oldest
	 * entries keeps every tenant's hash chain verifiable ({@link AuditChainVerifier}).
	 * @param age the retention period, positive
	 * @return the number of deleted entries
	 */
	Mono<Long> deleteOlderThan(Duration age);

	/**
	 * Creates an audit log writing through {@code client}.
	 * @param client the database client of the application's (tenant-bound) connection factory
	 * @return the audit log
	 */
	static AuditLog create(DatabaseClient client) {
		return new DatabaseAuditLog(client);
	}

}
