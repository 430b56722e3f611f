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
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application role adds and reads audit entries only: it cannot call the removed retention function, nor
 * update, delete or truncate entries (a role granted those is refused by the trigger); the owner's retention
 * deletes old entries and keeps the chains verifiable.
 */
class AuditLogAppendOnlyIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	private CoreDataLayer data;

	@BeforeEach
	void setUp() {
		this.data = CoreDataLayer.create(dataLayer.database());
		this.data.auditLog()
			.record(new AuditEvent("Account", "1", AuditAction.CREATE, null, "{\"name\": \"kept\"}"))
			.contextWrite(TenantContext.withTenant(this.tenant))
			.block(Duration.ofSeconds(30));
	}

	@AfterEach
	void tearDown() {
		this.data.close();
	}

	@Test
	void applicationRoleCannotCallTheOldRetentionFunction() {
		asApplication("SELECT reactivedata_audit_log_delete_before(now() + interval '1 day')")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(DataAccessException.class)
				.hasMessageContaining("reactivedata_audit_log_delete_before"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void applicationRoleCannotUpdateEntries() {
		asApplication("UPDATE audit_log SET actor = 'mallory'")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("permission denied"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void applicationRoleCannotDeleteEntries() {
		asApplication("DELETE FROM audit_log")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("permission denied"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void applicationRoleCannotTruncate() {
		asApplication("TRUNCATE audit_log")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("permission denied"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void roleGrantedDeleteIsStillRefusedByTheTrigger() {
		asGrantedRole("DELETE FROM audit_log")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("only its owner may delete entries"))
			.verify(Duration.ofSeconds(10));
		asGrantedRole("TRUNCATE audit_log")
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("only its owner may truncate entries"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void applicationRoleCannotWriteTheChain() {
		for (String sql : List.of("INSERT INTO audit_log_chain VALUES (-1, gen_random_uuid(), 0, 1, 2, sha256('forged'))",
				"UPDATE audit_log_chain SET hash = sha256('forged')", "DELETE FROM audit_log_chain")) {
			asApplication(sql).as(StepVerifier::create)
				.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("permission denied"))
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void applicationRoleSealsButChangesNothingElse() {
		this.data.auditSealer()
			.seal()
			.then(this.data.count("SELECT count(*) AS n FROM audit_log a WHERE actor = 'mallory' "
					+ "OR NOT EXISTS (SELECT 1 FROM audit_log_chain k WHERE k.entry_id = a.id)"))
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
		assertEntries(1);
	}

	@Test
	void noRoleUpdatesEntriesNotEvenTheOwner() {
		this.data.owner()
			.sql("UPDATE audit_log SET actor = 'mallory'")
			.then()
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("entries cannot be updated"))
			.verify(Duration.ofSeconds(10));
		this.data.count("SELECT count(*) AS n FROM audit_log WHERE actor = 'mallory'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void applicationRoleRetentionIsRefused() {
		this.data.auditLog()
			.deleteOlderThan(Duration.ofMillis(1))
			.contextWrite(TenantContext.withTenant(this.tenant))
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasMessageContaining("permission denied"))
			.verify(Duration.ofSeconds(10));
		assertEntries(1);
	}

	@Test
	void ownerDeletesOldEntriesOfEveryTenantAndTheChainsStillVerify() {
		// Fresh tenants: an entry is never older than its predecessor in the chain, so old ones must come first.
		UUID first = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		this.data.owner()
			.sql("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action, occurred_at) VALUES "
					+ "(:a, 'Old', '1', 'CREATE', now() - interval '40 days'), "
					+ "(:b, 'Old', '2', 'CREATE', now() - interval '40 days'), "
					+ "(:a, 'Recent', '3', 'CREATE', now()), (:b, 'Recent', '4', 'CREATE', now())")
			.bind("a", first)
			.bind("b", other)
			.then()
			.then(AuditChainSealer.create(this.data.owner()).seal())
			.then(AuditLog.create(this.data.owner()).deleteOlderThan(Duration.ofDays(30)))
			.as(StepVerifier::create)
			.expectNext(2L)
			.verifyComplete();
		this.data.count("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'Old'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
		AuditChainVerifier.create(this.data.owner())
			.verifyAll()
			.as(StepVerifier::create)
			.thenConsumeWhile(report -> report.intact() && report.entriesChecked() > 0)
			.verifyComplete();
	}

	private Mono<Void> asApplication(String sql) {
		return this.data.client().sql(sql).then().contextWrite(TenantContext.withTenant(this.tenant));
	}

	// A role that holds every privilege on the table but does not own it: only the trigger stands in its way.
	private Mono<Void> asGrantedRole(String sql) {
		return this.data.owner()
			.sql("DO $$ BEGIN CREATE ROLE rdl_test_auditor NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
			.then()
			.then(this.data.owner().sql("GRANT ALL ON audit_log TO rdl_test_auditor").then())
			.then(this.data.owner().inConnection(connection -> Mono.from(connection.createStatement("SET ROLE rdl_test_auditor").execute())
				.flatMap(result -> Mono.from(result.getRowsUpdated()))
				.then(Mono.from(connection.createStatement(sql).execute()).flatMap(result -> Mono.from(result.getRowsUpdated())))
				.then()
				.onErrorResume(ex -> Mono.from(connection.createStatement("RESET ROLE").execute())
					.flatMap(result -> Mono.from(result.getRowsUpdated()))
					.then(Mono.error(ex)))));
	}

	private void assertEntries(long expected) {
		this.data.count("SELECT count(*) AS n FROM audit_log WHERE tenant_id = '" + this.tenant + "'")
			.as(StepVerifier::create)
			.expectNext(expected)
			.verifyComplete();
	}

}
