package dev.reactivedata.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.audit.AuditHeadCheck.Outcome;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lanes' heads, kept outside the database, reveal what the chain walk cannot: a lane whose newest entries
 * were deleted. Entries appended since and retention of the oldest entries leave them holding.
 */
class AuditChainHeadsIntegrationTests {

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
	void headsAreTheNewestSealedEntryOfEachLane() {
		append(3);
		// An entry not sealed yet is in no chain, so it is no head either.
		this.data.recordAccountCreated(this.tenant, "unsealed").block(Duration.ofSeconds(10));
		this.verifier.heads(this.tenant)
			.collectList()
			.as(StepVerifier::create)
			.expectNext(List.of(new AuditChainHead(this.tenant, 0, 3, hashAt(0, 3))))
			.verifyComplete();
		this.verifier.heads()
			.filter(head -> this.tenant.equals(head.tenant()))
			.count()
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
	}

	@Test
	void headsHoldWhileEntriesAreAppended() {
		append(3);
		List<AuditChainHead> heads = heads();
		append(2);
		this.verifier.checkHeads(heads)
			.as(StepVerifier::create)
			.assertNext(check -> {
				assertThat(check.outcome()).isEqualTo(Outcome.PRESENT);
				assertThat(check.found()).isEqualTo(heads.get(0).hash());
			})
			.verifyComplete();
	}

	@Test
	void newestEntriesDeletedBySuperuserAreDetected() {
		append(5);
		List<AuditChainHead> heads = heads();
		bypassingTriggers("DELETE FROM audit_log WHERE id IN (SELECT entry_id FROM audit_log_chain WHERE tenant_key = '"
				+ this.tenant + "' AND chain_seq >= 4)");
		// What the walk alone cannot see: the shorter chain is intact.
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.intact()).isTrue())
			.verifyComplete();
		this.verifier.checkHeads(heads)
			.as(StepVerifier::create)
			.expectNext(new AuditHeadCheck(heads.get(0), Outcome.MISSING, null))
			.verifyComplete();
	}

	@Test
	void laneCutBackAndWrittenAgainIsDetected() {
		append(3);
		List<AuditChainHead> heads = heads();
		// Entry and link both, so that the sealer links the next entry at the same position.
		bypassingTriggers("WITH cut AS (DELETE FROM audit_log_chain WHERE tenant_key = '" + this.tenant
				+ "' AND chain_seq = 3 RETURNING entry_id) DELETE FROM audit_log WHERE id IN (SELECT entry_id FROM cut)");
		append(1);
		String rewritten = hashAt(0, 3);
		assertThat(rewritten).isNotEqualTo(heads.get(0).hash());
		this.verifier.checkHeads(heads)
			.as(StepVerifier::create)
			.expectNext(new AuditHeadCheck(heads.get(0), Outcome.CHANGED, rewritten))
			.verifyComplete();
	}

	@Test
	void retentionOfTheOldestEntriesKeepsHeadsHolding() {
		append(4);
		List<AuditChainHead> heads = heads();
		retain(2);
		this.verifier.checkHeads(heads)
			.map(AuditHeadCheck::outcome)
			.as(StepVerifier::create)
			.expectNext(Outcome.PRESENT)
			.verifyComplete();
		// Retention reaching the head itself: the lane's anchor is at its position, with its hash.
		retain(4);
		this.verifier.checkHeads(heads)
			.map(AuditHeadCheck::outcome)
			.as(StepVerifier::create)
			.expectNext(Outcome.RETAINED)
			.verifyComplete();
		this.verifier.heads(this.tenant)
			.as(StepVerifier::create)
			.expectNext(heads.get(0))
			.verifyComplete();
		// And past it, after more entries.
		append(2);
		retain(6);
		this.verifier.checkHeads(heads)
			.map(AuditHeadCheck::outcome)
			.as(StepVerifier::create)
			.expectNext(Outcome.RETAINED)
			.verifyComplete();
	}

	@Test
	void headsSurviveTheirFile(@TempDir Path directory) {
		append(2);
		UUID other = UUID.randomUUID();
		this.data.recordAccountCreated(other, "other")
			.then(this.data.auditSealer().seal())
			.block(Duration.ofSeconds(10));
		List<AuditChainHead> heads = this.verifier.heads()
			.filter(head -> this.tenant.equals(head.tenant()) || other.equals(head.tenant()))
			.collectList()
			.block(Duration.ofSeconds(10));
		Path file = directory.resolve("heads.json");
		AuditChainAnchorFile.write(file, heads)
			.then(AuditChainAnchorFile.write(file, heads))
			.then(AuditChainAnchorFile.read(file))
			.as(StepVerifier::create)
			.expectNext(heads)
			.verifyComplete();
		assertThat(directory.toFile().list()).containsExactly("heads.json");
	}

	@Test
	void aFileThatIsNotAnAnchorIsRefused(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("heads.json"), "{\"heads\": [{\"lane\": 99}]}");
		AuditChainAnchorFile.read(file)
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining(file.toString()))
			.verify(Duration.ofSeconds(10));
	}

	private void append(int count) {
		Flux.range(0, count)
			.concatMap(i -> this.data.recordAccountCreated(this.tenant, "entry-" + i))
			.then(this.data.auditSealer().seal())
			.block(Duration.ofSeconds(30));
	}

	private List<AuditChainHead> heads() {
		return this.verifier.heads(this.tenant).collectList().block(Duration.ofSeconds(10));
	}

	private String hashAt(int lane, long position) {
		return this.data.owner()
			.sql("SELECT encode(hash, 'hex') FROM audit_log_chain WHERE tenant_key = $1 AND chain_lane = $2 AND chain_seq = $3")
			.bind(0, this.tenant)
			.bind(1, (short) lane)
			.bind(2, position)
			.map(row -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	// Retention as the owner runs it: the oldest entries, triggers in force.
	private void retain(long upTo) {
		this.data.owner()
			.sql("DELETE FROM audit_log WHERE id IN (SELECT entry_id FROM audit_log_chain WHERE tenant_key = $1 AND chain_seq <= $2)")
			.bind(0, this.tenant)
			.bind(1, upTo)
			.then()
			.block(Duration.ofSeconds(10));
	}

	// What a superuser can do out of band: replica mode skips the append-only and anchor triggers.
	private void bypassingTriggers(String sql) {
		this.data.owner()
			.sql("SET session_replication_role = replica; " + sql + "; RESET session_replication_role")
			.then()
			.block(Duration.ofSeconds(10));
	}

}
