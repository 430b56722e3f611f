package dev.reactivedata.core.audit;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Walks the audit log's hash chains and reports the first broken link of each tenant. Every tenant's entries form
 * one chain (entries written without a tenant form another): each sealed entry stores its lane, its position in
 * the lane and the SHA-256 hash of its predecessor's hash and its own content, computed by the database when the
 * {@link AuditChainSealer} appended it, after the write that added it committed. New entries go to lane 0; lanes
 * 1-15 hold entries of library versions before 0.0.6, whose writers chained them in up to 16 lanes. An entry
 * changed out of band (its content no longer matches its hash) or removed from the middle (a gap in the positions)
 * breaks the chain; retention, which deletes a tenant's oldest entries as the table's owner, does not, because the
 * database records where each lane's remaining chain starts. Entries not sealed yet are counted, not checked.
 * <p>
 * Run it through a client connected as the owner (or another role that sees every tenant's rows) to check every
 * tenant; through the application's tenant-bound client it sees the bound tenant's entries only.
 * <p>
 * Deleting a lane's newest entries leaves a shorter chain that is intact: keep the lanes' {@link #heads()}
 * outside the database (in an {@link AuditChainAnchorFile}, say) and {@link #checkHeads check them} later.
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
	 * Reads the newest entry of every lane of every chain, in one snapshot: what {@link #checkHeads} later checks
	 * is still there. A lane whose entries retention deleted entirely has its retention anchor as its head.
	 * @return the heads, the tenantless chain's first, then by tenant id and lane
	 */
	Flux<AuditChainHead> heads();

	/**
	 * Reads the newest entry of every lane of one tenant's chain, as {@link #heads()} does.
	 * @param tenant the tenant
	 * @return the tenant's heads by lane; empty for a tenant without entries
	 */
	Flux<AuditChainHead> heads(UUID tenant);

	/**
	 * Checks that heads read earlier by {@link #heads()} are still in their chains: present with the same hash,
	 * or passed by retention. Entries appended after them do not matter. Run it with {@link #verify} or
	 * {@link #verifyAll()}, which check that every later entry links to them.
	 * @param heads the heads read earlier
	 * @return one check per head, in the order given
	 */
	Flux<AuditHeadCheck> checkHeads(List<AuditChainHead> heads);

	/**
	 * Creates a verifier reading through {@code client}.
	 * @param client a database client, normally connected as the owner of {@code audit_log}
	 * @return the verifier
	 */
	static AuditChainVerifier create(DatabaseClient client) {
		return new DatabaseAuditChainVerifier(client);
	}

}
