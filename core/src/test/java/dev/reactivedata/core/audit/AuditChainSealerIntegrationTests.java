package dev.reactivedata.core.audit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sealer links committed entries into their tenants' chains after the writes: in time order, in batches,
 * alongside concurrent writers, never before an entry that an open transaction may still commit, and without
 * writing anything when there is nothing to seal.
 */
class AuditChainSealerIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	private CoreDataLayer data;

	private AuditChainVerifier verifier;

	@BeforeEach
	void setUp() {
		this.data = CoreDataLayer.create(dataLayer.database());
		this.verifier = AuditChainVerifier.create(this.data.owner());
	}

	@AfterEach
	void tearDown() {
		this.data.close();
	}

	@Test
	void entriesWrittenWhileSealingFormOneChain() {
		Flux<Void> writes = Flux.range(0, 40)
			.flatMap(i -> this.data.recordAccountCreated(this.tenant, "concurrent-" + i), 8);
		Flux<Long> sealing = Flux.range(0, 20).concatMap(i -> this.data.auditSealer().seal());
		Flux.merge(writes.then(), sealing.then())
			.then(this.data.auditSealer().seal())
			.then(this.verifier.verify(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 40, 0, null)))
			.verifyComplete();
		this.data.count("SELECT count(DISTINCT chain_seq) + max(chain_seq) AS n FROM audit_log_chain WHERE chain_lane = 0 "
				+ "AND tenant_key = '" + this.tenant + "'")
			.as(StepVerifier::create)
			.expectNext(80L)
			.verifyComplete();
	}

	@Test
	void openTransactionHoldsBackTheSealingOfYoungerEntries() {
		// The sealer and verifier on the owner's connections, outside the transaction: they see only what committed.
		AuditChainSealer outside = AuditChainSealer.create(this.data.owner());
		AuditChainVerifier verifier = AuditChainVerifier.create(this.data.owner());
		Mono<AuditChainReport> younger = this.data.owner()
			.sql("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action) VALUES ($1, 'Account', 'younger', 'CREATE')")
			.bind(0, this.tenant)
			.then()
			.then(Flux.range(0, 3).concatMap(i -> outside.seal()).then())
			.then(verifier.verify(this.tenant));
		// "older" may still commit: "younger", committed meanwhile, must wait to be linked after it.
		this.data.transactions()
			.inTransaction(this.data.recordAccountCreated(this.tenant, "older").then(younger))
			.contextWrite(TenantContext.withTenant(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 0, 1, null)))
			.verifyComplete();
		outside.seal()
			.thenMany(chain())
			.collectList()
			.as(StepVerifier::create)
			.expectNext(List.of("older@0.1", "younger@0.2"))
			.verifyComplete();
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 2, 0, null)))
			.verifyComplete();
	}

	@Test
	void chainsFollowTheEntriesTimesSoRetentionDeletesTheirOldestLinks() {
		// Inserted youngest first: the chain orders them by time, and deleting by age takes a prefix of it.
		Flux.just(0, 39, 41)
			.concatMap(daysAgo -> this.data.owner()
				.sql("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action, occurred_at) "
						+ "VALUES ($1, 'Account', $2, 'CREATE', now() - make_interval(days => $3))")
				.bind(0, this.tenant)
				.bind(1, "aged-" + daysAgo)
				.bind(2, daysAgo)
				.then())
			.then(this.data.auditSealer().seal())
			.thenMany(chain())
			.collectList()
			.as(StepVerifier::create)
			.expectNext(List.of("aged-41@0.1", "aged-39@0.2", "aged-0@0.3"))
			.verifyComplete();
		AuditLog.create(this.data.owner())
			.deleteOlderThan(Duration.ofDays(40))
			.then(this.verifier.verify(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 2, 0, null)))
			.verifyComplete();
	}

	@Test
	void sealingWorksInBatches() {
		AuditChainSealer smallBatches = new AuditChainSealer(this.data.client(), 2);
		Flux.range(0, 5)
			.concatMap(i -> this.data.recordAccountCreated(this.tenant, "batched-" + i))
			.then(smallBatches.seal())
			.as(StepVerifier::create)
			.expectNext(5L)
			.verifyComplete();
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 5, 0, null)))
			.verifyComplete();
	}

	@Test
	void aPassWithNothingToSealWritesNothing() {
		// A pass that wrote anything (a link, its bookkeeping) was given a transaction id.
		Mono<Boolean> writes = this.data.owner()
			.sql("SELECT reactivedata_audit_log_seal(10) AS sealed, pg_current_xact_id_if_assigned() IS NOT NULL AS wrote")
			.map(row -> row.get("wrote", Boolean.class))
			.one();
		this.data.recordAccountCreated(this.tenant, "one").then(writes).concatWith(writes)
			.as(StepVerifier::create)
			.expectNext(true, false)
			.verifyComplete();
	}

	/** The tenant's entries in chain order, as {@code entity-id@lane.position}. */
	private Flux<String> chain() {
		return this.data.owner()
			.sql("SELECT a.entity_id, k.chain_lane, k.chain_seq FROM audit_log a JOIN audit_log_chain k ON k.entry_id = a.id "
					+ "WHERE a.tenant_id = $1 ORDER BY k.chain_lane, k.chain_seq")
			.bind(0, this.tenant)
			.map(row -> row.get(0, String.class) + "@" + row.get(1, Short.class) + "." + row.get(2, Long.class))
			.all();
	}

}
