package dev.reactivedata.core.audit;

import java.time.Duration;
import java.time.Instant;
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
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audited saves append audit rows in the same transaction; the query API filters and pages; retention deletes
 * old rows of every tenant when run as the owner.
 */
class AuditLogIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	private CoreDataLayer data;

	@BeforeEach
	void setUp() {
		this.data = CoreDataLayer.create(dataLayer.database());
	}

	@AfterEach
	void tearDown() {
		this.data.close();
	}

	@Test
	void createUpdateSoftDeleteAndRestoreAreLoggedWithActorAndCorrelationId() {
		Mono<Account> lifecycle = this.data.template().insert(new Account("alice", 10))
			.flatMap(account -> {
				account.setBalance(20);
				return this.data.template().update(account);
			})
			.flatMap(account -> {
				account.setDeletedAt(Instant.now());
				return this.data.template().update(account);
			})
			.flatMap(account -> {
				account.setDeletedAt(null);
				return this.data.template().update(account);
			});
		lifecycle.flatMap(account -> this.data.auditLog()
			.find(AuditQuery.builder().entityType("Account").entityId(String.valueOf(account.getId())).build()))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.totalItems()).isEqualTo(4);
				assertThat(page.items()).extracting(AuditEntry::action)
					.containsExactly(AuditAction.RESTORE, AuditAction.DELETE, AuditAction.UPDATE, AuditAction.CREATE);
				AuditEntry create = page.items().get(3);
				assertThat(create.oldValue()).isNull();
				assertThat(create.newValue()).contains("\"name\": \"alice\"").contains("\"balance\": 10")
					.contains("\"deletedAt\": null").doesNotContain("deleted_at").doesNotContain("tenant");
				AuditEntry update = page.items().get(2);
				assertThat(update.oldValue()).contains("\"balance\": 10");
				assertThat(update.newValue()).contains("\"balance\": 20");
				assertThat(page.items()).allSatisfy(entry -> {
					assertThat(entry.actor()).isEqualTo("user:alice");
					assertThat(entry.correlationId()).isEqualTo("req-1");
				});
			})
			.verifyComplete();
	}

	@Test
	void rolledBackWriteLeavesNoAuditRow() {
		this.data.transactions()
			.inTransaction(this.data.template().insert(new Account("rolled-back", 1))
				.then(Mono.error(new IllegalStateException("boom"))))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectErrorMessage("boom")
			.verify(Duration.ofSeconds(10));
		this.data.count("SELECT count(*) AS n FROM audit_log WHERE new_value ->> 'name' = 'rolled-back'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
		this.data.count("SELECT count(*) AS n FROM accounts WHERE name = 'rolled-back'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void explicitBulkEntryIsRecordedAndQueriedByAction() {
		this.data.auditLog()
			.record(new AuditEvent("Account", "42 rows", AuditAction.BULK_INSERT, null, "{\"count\": 42}"))
			.then(this.data.auditLog().find(AuditQuery.builder().action(AuditAction.BULK_INSERT).build()))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.items()).singleElement().satisfies(entry -> {
					assertThat(entry.entityId()).isEqualTo("42 rows");
					assertThat(entry.newValue()).isEqualTo("{\"count\": 42}");
					assertThat(entry.actor()).isEqualTo("user:alice");
				});
			})
			.verifyComplete();
	}

	@Test
	void applicationsOwnStatementThroughAuditedWritesLogsOneEntryWithTheWrite() {
		AuditedWrites writes = AuditedWrites
			.of(this.data.template().getConverter().getMappingContext().getRequiredPersistentEntity(Account.class))
			.orElseThrow();
		String raise = writes.bulk("UPDATE accounts SET balance = balance + $1 WHERE name LIKE $2", 2,
				AuditAction.BULK_UPDATE);
		Flux.range(0, 3)
			.concatMap(i -> this.data.template().insert(new Account("raised-" + i, i)))
			.then(writes.bind(this.data.client().sql(raise).bind(0, 5).bind(1, "raised-%"), 2))
			.flatMap(spec -> spec.map(row -> row.get(0, Long.class)).one())
			.zipWhen(rows -> this.data.auditLog().find(AuditQuery.builder().action(AuditAction.BULK_UPDATE).build()))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.assertNext(result -> {
				assertThat(result.getT1()).isEqualTo(3);
				assertThat(result.getT2().items()).singleElement().satisfies(entry -> {
					assertThat(entry.entityType()).isEqualTo("Account");
					assertThat(entry.entityId()).isEqualTo("3");
					assertThat(entry.actor()).isEqualTo("user:alice");
					assertThat(entry.correlationId()).isEqualTo("req-1");
				});
			})
			.verifyComplete();
	}

	@Test
	void pagesComeNewestFirstWithTotals() {
		Flux.range(0, 5)
			.concatMap(i -> this.data.template().insert(new Account("paged-" + i, i)))
			.then(Mono.zip(this.data.auditLog().find(AuditQuery.builder().entityType("Account").size(2).page(0).build()),
					this.data.auditLog().find(AuditQuery.builder().entityType("Account").size(2).page(2).build())))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.assertNext(pages -> {
				assertThat(pages.getT1().totalItems()).isEqualTo(5);
				assertThat(pages.getT1().totalPages()).isEqualTo(3);
				assertThat(pages.getT1().items()).extracting(entry -> entry.newValue())
					.satisfiesExactly(first -> assertThat(first).contains("paged-4"),
							second -> assertThat(second).contains("paged-3"));
				assertThat(pages.getT2().items()).singleElement()
					.satisfies(entry -> assertThat(entry.newValue()).contains("paged-0"));
			})
			.verifyComplete();
	}

	@Test
	void anotherTenantSeesNoneOfTheEntries() {
		this.data.template().insert(new Account("private", 1))
			.contextWrite(this::request)
			.then(this.data.auditLog().find(AuditQuery.builder().build()).contextWrite(TenantContext.withTenant(UUID.randomUUID())))
			.as(StepVerifier::create)
			.assertNext(page -> assertThat(page.items()).isEmpty())
			.verifyComplete();
	}

	@Test
	void ownersRetentionRemovesOldEntriesOfEveryTenant() {
		UUID other = UUID.randomUUID();
		this.data.owner()
			.sql("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action, occurred_at) VALUES "
					+ "(:a, 'Old', '1', 'CREATE', now() - interval '40 days'), "
					+ "(:b, 'Old', '2', 'CREATE', now() - interval '40 days'), "
					+ "(:a, 'Recent', '3', 'CREATE', now())")
			.bind("a", this.tenant)
			.bind("b", other)
			.then()
			.then(AuditLog.create(this.data.owner()).deleteOlderThan(Duration.ofDays(30)))
			.as(StepVerifier::create)
			.expectNextMatches(deleted -> deleted >= 2)
			.verifyComplete();
		this.data.count("SELECT count(*) AS n FROM audit_log WHERE entity_type IN ('Old', 'Recent')")
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
	}

	@Test
	void queryFiltersByActorAndTime() {
		Instant before = Instant.now().minusSeconds(60);
		this.data.template().insert(new Account("filtered", 1))
			.then(this.data.auditLog().find(AuditQuery.builder().actor("user:alice").occurredAfter(before).build()))
			.zipWith(this.data.auditLog().find(AuditQuery.builder().actor("user:bob").build()))
			.map(pages -> List.of(pages.getT1().items().size() > 0, pages.getT2().items().isEmpty()))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectNext(List.of(true, true))
			.verifyComplete();
	}

	private Context request(Context context) {
		return TenantContext.withTenant(this.tenant)
			.andThen(AuditContext.withActor("user:alice"))
			.andThen(AuditContext.withCorrelationId("req-1"))
			.apply(context);
	}

}
