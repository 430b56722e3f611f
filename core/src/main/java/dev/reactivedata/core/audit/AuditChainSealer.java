package dev.reactivedata.core.audit;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Seals committed audit entries into their tenants' hash chains. A write only inserts its entry, in its own
 * transaction; sealing links each committed entry into its tenant's chain, in time order, with its position and
 * SHA-256 hash, in one statement per batch of entries, so that tamper evidence costs an audited write no lock, lookup
 * or hash of its own. The database does the sealing ({@code reactivedata_audit_log_seal}, run as the owner of
 * {@code audit_log}, which alone writes the links): the application role can call it, but not change an entry or a
 * link. One sealer works at a time per database; another that calls meanwhile seals nothing and returns at once. A
 * transaction left open after writing entries holds back the sealing of later entries until it ends, so that no
 * entry committed late is linked out of time order.
 * <p>
 * Until it is sealed, an entry is in the audit log but in no chain: {@link AuditChainVerifier} counts it as
 * unsealed. The Spring Boot auto-configuration seals every {@code reactivedata.core.audit.seal-interval} while the
 * application runs, and once more when it stops.
 */
public final class AuditChainSealer {

	/** How many entries one statement seals at most. */
	static final int BATCH_SIZE = 5000;

	private static final String SEAL = "SELECT reactivedata_audit_log_seal($1) AS sealed";

	private final DatabaseClient client;

	private final int batchSize;

	AuditChainSealer(DatabaseClient client, int batchSize) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.batchSize = batchSize;
	}

	/**
	 * Creates a sealer working through {@code client}.
	 * @param client a database client on the application's connection factory (or the owner's)
	 * @return the sealer
	 */
	public static AuditChainSealer create(DatabaseClient client) {
		return new AuditChainSealer(client, BATCH_SIZE);
	}

	/**
	 * Seals the entries committed before the call, batch after batch, and emits how many it sealed: {@code 0} when
	 * there were none, or when another sealer was at work (which seals them). Entries younger than one that an open
	 * transaction may still commit wait for a later call.
	 * @return the number of entries sealed
	 */
	public Mono<Long> seal() {
		return batch().expand(sealed -> (sealed == this.batchSize) ? batch() : Mono.empty())
			.reduce(0L, (total, sealed) -> total + sealed);
	}

	private Mono<Integer> batch() {
		return this.client.sql(SEAL)
			.bind(0, this.batchSize)
			.map(row -> Objects.requireNonNull(row.get("sealed", Integer.class)))
			.one();
	}

}
