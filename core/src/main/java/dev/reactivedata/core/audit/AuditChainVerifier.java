package dev.reactivedata.core.audit;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Walks the audit log's hash chains and reports the first broken link of each tenant. Every tenant's entries form
 * one chain (entries written without a tenant form another), in up to 16 lanes so that concurrent writers of a
 * tenant need not wait for each other's commits: each entry stores its lane, its position in the lane and the
 * SHA-256 hash of its predecessor's hash and its own content, computed by the database as the entry is appended.
 * An entry changed out of band (its content no longer matches its hash) or removed from the middle (a gap in the
 * positions) breaks the chain; retention, which deletes a tenant's oldest entries as the table's owner, does not,
 * because the database records where each lane's remaining chain starts.
 * <p>
 * Run it through a client connected as the owner (or another role that sees every tenant's rows) to check every
 * tenant; through the application's tenant-bound client it sees the bound tenant's entries only.
 */
public interface AuditChainVerifier {

	/**
	 * Verifies the chain of one tenant. Emits the report (intact, with no entries, for a tenant without any), or
	 * the database error.
	 * @param tenant the tenant
	 * @return the report
	 */
	Mono<AuditChainReport> verify(UUID tenant);

	/**
	 * Verifies the chain of every tenant that has entries, and the chain of the entries without a tenant if there
	 * are any; emits one report per chain, the tenantless chain first, then by tenant id.
	 * @return the reports
	 */
	Flux<AuditChainReport> verifyAll();

	/**
	 * Creates a verifier reading through {@code client}.
	 * @param client a database client, normally connected as the owner of {@code audit_log}
	 * @return the verifier
	 */
	static AuditChainVerifier create(DatabaseClient client) {
		return new DatabaseAuditChainVerifier(client);
	}

}
