package dev.reactivedata.core.audit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.audit.AuditChainReport.AuditChainBreak;
import dev.reactivedata.core.audit.AuditChainReport.Kind;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tenant's audit entries form a hash chain that the verifier walks: intact chains verify, before and after
 * retention of the oldest entries; an entry changed or removed out of band is reported as the first broken link.
 */
class AuditChainVerifierIntegrationTests {

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
	void intactChainVerifies() {
		List<Long> ids = append(this.tenant, 5);
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.tenant()).isEqualTo(this.tenant);
				assertThat(report.entriesChecked()).isEqualTo(5);
				assertThat(report.intact()).isTrue();
			})
			.verifyComplete();
		this.data.count("SELECT max(chain_seq) AS n FROM audit_log_chain WHERE entry_id = " + ids.get(4))
			.as(StepVerifier::create)
			.expectNext(5L)
			.verifyComplete();
	}

	@Test
	void unsealedEntriesAreCountedButNotChecked() {
		Flux.range(0, 3)
			.concatMap(i -> this.data.recordAccountCreated(this.tenant, "unsealed-" + i))
			.then(this.verifier.verify(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 0, 3, null)))
			.verifyComplete();
		this.data.auditSealer()
			.seal()
			.as(StepVerifier::create)
			.expectNext(3L)
			.verifyComplete();
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(this.tenant, 3, 0, null)))
			.verifyComplete();
	}

	@Test
	void entryChangedBySuperuserWithTriggersBypassedIsDetected() {
		List<Long> ids = append(this.tenant, 5);
		bypassingTriggers("UPDATE audit_log SET new_value = '{\"name\": \"forged\"}' WHERE id = " + ids.get(2));
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> {
				AuditChainBreak broken = report.firstBreak();
				assertThat(broken).isNotNull();
				assertThat(broken.entryId()).isEqualTo(ids.get(2));
				assertThat(broken.position()).isEqualTo(3);
				assertThat(broken.kind()).isEqualTo(Kind.CHANGED_ENTRY);
				assertThat(broken.expected()).hasSize(64).isNotEqualTo(broken.found());
			})
			.verifyComplete();
	}

	@Test
	void sqlNullTurnedIntoJsonNullIsDetected() {
		append(this.tenant, 2);
		long entry = recordValue(null);
		bypassingTriggers("UPDATE audit_log SET new_value = 'null'::jsonb WHERE id = " + entry);
		assertChangedAt(entry);
	}

	@Test
	void jsonNullTurnedIntoSqlNullIsDetected() {
		append(this.tenant, 2);
		long entry = recordValue("null");
		bypassingTriggers("UPDATE audit_log SET new_value = NULL WHERE id = " + entry);
		assertChangedAt(entry);
	}

	@Test
	void entryClaimingTheFormerContentFormatIsDetected() {
		List<Long> ids = append(this.tenant, 3);
		bypassingTriggers("UPDATE audit_log_chain SET chain_format = 1 WHERE entry_id = " + ids.get(1));
		assertChangedAt(ids.get(1));
	}

	@Test
	void changedHashIsDetected() {
		List<Long> ids = append(this.tenant, 3);
		bypassingTriggers("UPDATE audit_log_chain SET hash = sha256('forged') WHERE entry_id = " + ids.get(1));
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.firstBreak()).isNotNull()
				.satisfies(broken -> assertThat(broken.entryId()).isEqualTo(ids.get(1))))
			.verifyComplete();
	}

	@Test
	void middleEntryRemovedWithTriggersBypassedIsDetected() {
		List<Long> ids = append(this.tenant, 5);
		bypassingTriggers("DELETE FROM audit_log WHERE id = " + ids.get(2));
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.entriesChecked()).isEqualTo(4);
				assertThat(report.firstBreak()).isEqualTo(new AuditChainBreak(ids.get(3), 0, 4, Kind.MISSING_ENTRIES, "3", "4"));
			})
			.verifyComplete();
	}

	@Test
	void middleEntryRemovedByTheOwnerIsDetected() {
		List<Long> ids = append(this.tenant, 5);
		this.data.owner().sql("DELETE FROM audit_log WHERE id = " + ids.get(2)).then().block(Duration.ofSeconds(10));
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report.firstBreak())
				.isEqualTo(new AuditChainBreak(ids.get(0), 0, 1, Kind.MISSING_ENTRIES, "4", "1")))
			.verifyComplete();
	}

	@Test
	void chainSurvivesRetentionOfTheOldestEntries() {
		append(this.tenant, 6);
		this.data.owner()
			.sql("DELETE FROM audit_log WHERE id IN (SELECT entry_id FROM audit_log_chain WHERE tenant_key = $1 AND chain_seq <= 3)")
			.bind(0, this.tenant)
			.then()
			.then(this.verifier.verify(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.entriesChecked()).isEqualTo(3);
				assertThat(report.intact()).isTrue();
			})
			.verifyComplete();
		// Even with every entry gone, the next one continues the chain from the anchor.
		this.data.owner()
			.sql("DELETE FROM audit_log WHERE tenant_id = $1")
			.bind(0, this.tenant)
			.then()
			.thenMany(Flux.range(0, 2).concatMap(i -> this.data.recordAccountCreated(this.tenant, "after-" + i)))
			.then(this.data.auditSealer().seal())
			.then(this.verifier.verify(this.tenant))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.entriesChecked()).isEqualTo(2);
				assertThat(report.intact()).isTrue();
			})
			.verifyComplete();
		this.data.count("SELECT min(chain_seq) AS n FROM audit_log_chain WHERE tenant_key = '" + this.tenant + "'")
			.as(StepVerifier::create)
			.expectNext(7L)
			.verifyComplete();
	}

	@Test
	void verifyAllReportsEveryTenantSeparately() {
		UUID other = UUID.randomUUID();
		append(this.tenant, 2);
		List<Long> others = append(other, 3);
		bypassingTriggers("UPDATE audit_log SET actor = 'mallory' WHERE id = " + others.get(0));
		this.verifier.verifyAll()
			.filter(report -> this.tenant.equals(report.tenant()) || other.equals(report.tenant()))
			.collectMap(AuditChainReport::tenant)
			.as(StepVerifier::create)
			.assertNext(reports -> {
				assertThat(reports.get(this.tenant).intact()).isTrue();
				assertThat(reports.get(other).firstBreak()).isNotNull()
					.satisfies(broken -> assertThat(broken.entryId()).isEqualTo(others.get(0)));
			})
			.verifyComplete();
	}

	@Test
	void tenantWithoutEntriesIsIntact() {
		this.verifier.verify(UUID.randomUUID())
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new AuditChainReport(report.tenant(), 0, 0, null)))
			.verifyComplete();
	}

	private List<Long> append(UUID tenant, int count) {
		return Flux.range(0, count)
			.concatMap(i -> this.data.recordAccountCreated(tenant, "entry-" + i))
			.then(this.data.auditSealer().seal())
			.thenMany(this.data.owner()
				.sql("SELECT entry_id FROM audit_log_chain WHERE tenant_key = $1 ORDER BY chain_seq")
				.bind(0, tenant)
				.map(row -> row.get(0, Long.class))
				.all())
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private long recordValue(@Nullable String newValue) {
		return this.data.auditLog()
			.record(new AuditEvent("Account", "valued", AuditAction.UPDATE, "{\"name\": \"before\"}", newValue))
			.contextWrite(TenantContext.withTenant(this.tenant))
			.then(this.data.auditSealer().seal())
			.then(this.data.owner()
				.sql("SELECT max(id) FROM audit_log WHERE tenant_id = $1")
				.bind(0, this.tenant)
				.map(row -> row.get(0, Long.class))
				.one())
			.block(Duration.ofSeconds(10));
	}

	private void assertChangedAt(long entry) {
		this.verifier.verify(this.tenant)
			.as(StepVerifier::create)
			.assertNext(report -> {
				AuditChainBreak broken = report.firstBreak();
				assertThat(broken).isNotNull();
				assertThat(broken.entryId()).isEqualTo(entry);
				assertThat(broken.kind()).isEqualTo(Kind.CHANGED_ENTRY);
			})
			.verifyComplete();
	}

	// What a superuser can do out of band: replica mode skips the append-only and anchor triggers.
	private void bypassingTriggers(String sql) {
		this.data.owner()
			.sql("SET session_replication_role = replica; " + sql + "; RESET session_replication_role")
			.then()
			.block(Duration.ofSeconds(10));
	}

}
