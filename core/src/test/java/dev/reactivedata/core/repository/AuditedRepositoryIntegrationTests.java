package dev.reactivedata.core.repository;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.audit.AuditAction;
import dev.reactivedata.core.audit.AuditChainSealer;
import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.audit.AuditEntry;
import dev.reactivedata.core.audit.AuditLog;
import dev.reactivedata.core.audit.AuditPage;
import dev.reactivedata.core.audit.AuditQuery;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's own SQL (soft delete, restore, hard delete, bulk writes) audits {@code @Audited} entities in
 * the same statement as the write, and costs entities without {@code @Audited} nothing.
 */
class AuditedRepositoryIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/reactivedata",
			"classpath:db/repository-test", "classpath:db/repository-audit-test");

	private static RepositoryTestContext context;

	private static AuditLog auditLog;

	private final UUID tenant = UUID.randomUUID();

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		auditLog = AuditLog.create(context.client());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() {
		context.resetStatements();
	}

	@Test
	void softDeleteAndRestoreAreLoggedWithOldAndNewValuesAndTheActor() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("Audited"))).block().getId();
		inRequest(context.auditedItems().deleteIfPresent(id)).as(StepVerifier::create).expectNext(true).verifyComplete();
		inRequest(context.auditedItems().restore(id).map(AuditedItem::getVersion))
			.as(StepVerifier::create)
			.expectNext(2)
			.verifyComplete();
		inRequest(entries("Item", id.toString()))
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.items()).extracting(AuditEntry::action)
					.containsExactly(AuditAction.RESTORE, AuditAction.DELETE, AuditAction.CREATE);
				AuditEntry delete = page.items().get(1);
				assertThat(delete.oldValue()).contains("\"deletedAt\": null").contains("\"version\": 0").contains("\"title\": \"Audited\"");
				assertThat(delete.newValue()).doesNotContain("\"deletedAt\": null").contains("\"version\": 1");
				AuditEntry restore = page.items().get(0);
				assertThat(restore.oldValue()).doesNotContain("\"deletedAt\": null").contains("\"version\": 1");
				assertThat(restore.newValue()).contains("\"deletedAt\": null").contains("\"version\": 2");
				assertThat(page.items()).allSatisfy(entry -> {
					assertThat(entry.entityId()).isEqualTo(id.toString());
					assertThat(entry.actor()).isEqualTo("user:alice");
					assertThat(entry.correlationId()).isEqualTo("req-1");
					assertThat(entry.newValue()).doesNotContain("\"search\"").doesNotContain("tenant").doesNotContain("deleted_at");
				});
			})
			.verifyComplete();
	}

	@Test
	void auditedSoftDeleteAndRestoreAreOneStatementEach() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("One statement"))).block().getId();
		context.resetStatements();
		inRequest(context.auditedItems().deleteById(id).then(context.auditedItems().restore(id)))
			.as(StepVerifier::create)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(context.statements()).hasSize(2).allSatisfy(sql -> assertThat(sql).contains("INSERT INTO audit_log"));
	}

	@Test
	void deletingAnAlreadyDeletedRowLogsNothing() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("Twice"))).block().getId();
		inRequest(context.auditedItems().deleteIfPresent(id).then(context.auditedItems().deleteIfPresent(id)))
			.as(StepVerifier::create)
			.expectNext(false)
			.verifyComplete();
		inRequest(entries("Item", id.toString()))
			.as(StepVerifier::create)
			.assertNext(page -> assertThat(page.items()).extracting(AuditEntry::action)
				.containsExactly(AuditAction.DELETE, AuditAction.CREATE))
			.verifyComplete();
	}

	@Test
	void hardDeleteIsLoggedWithTheOldValue() {
		UUID itemId = inRequest(context.items().save(new Item("Parent"))).block().getId();
		AuditedNote note = inRequest(context.auditedNotes().save(new AuditedNote(itemId, "Gone for good"))).block();
		inRequest(context.auditedNotes().delete(note)).as(StepVerifier::create).verifyComplete();
		inRequest(context.auditedNotes().existsById(note.getId())).as(StepVerifier::create).expectNext(false).verifyComplete();
		inRequest(entries("ItemNote", note.getId().toString()))
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.items()).extracting(AuditEntry::action).containsExactly(AuditAction.DELETE, AuditAction.CREATE);
				AuditEntry delete = page.items().get(0);
				assertThat(delete.oldValue()).contains("\"body\": \"Gone for good\"");
				assertThat(delete.newValue()).isNull();
				assertThat(delete.actor()).isEqualTo("user:alice");
			})
			.verifyComplete();
	}

	@Test
	void hardDeleteRefusedByTheDatabaseLeavesNoAuditEntry() {
		PurgeableItem parent = inRequest(context.purgeableItems().save(new PurgeableItem("Referenced"))).block();
		inRequest(context.notes().save(new ItemNote(parent.getId(), "Holds the parent"))).block();
		inRequest(context.purgeableItems().delete(parent))
			.as(StepVerifier::create)
			.expectError(DataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(10));
		inRequest(context.purgeableItems().existsById(parent.getId())).as(StepVerifier::create).expectNext(true).verifyComplete();
		inRequest(entries("Item", parent.getId().toString()))
			.as(StepVerifier::create)
			.assertNext(page -> assertThat(page.items()).extracting(AuditEntry::action).containsExactly(AuditAction.CREATE))
			.verifyComplete();
	}

	/**
	 * delete(entity) deletes by id, as SimpleR2dbcRepository does, whatever version the copy was read in; the audit
	 * entry holds the row deleted, not the stale copy.
	 */
	@Test
	void hardDeleteOfAStaleCopyDeletesTheRowAndLogsIt() {
		PurgeableItem item = inRequest(context.purgeableItems().save(new PurgeableItem("Versioned"))).block();
		PurgeableItem stale = new PurgeableItem("Versioned");
		stale.setId(item.getId());
		stale.setVersion(item.getVersion());
		item.setTitle("Versioned again");
		inRequest(context.purgeableItems().save(item)).block();
		inRequest(context.purgeableItems().delete(stale)).as(StepVerifier::create).verifyComplete();
		inRequest(context.purgeableItems().existsById(item.getId())).as(StepVerifier::create).expectNext(false).verifyComplete();
		inRequest(entries("Item", item.getId().toString()))
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.items()).extracting(AuditEntry::action)
					.containsExactly(AuditAction.DELETE, AuditAction.UPDATE, AuditAction.CREATE);
				assertThat(page.items().get(0).oldValue()).contains("\"title\": \"Versioned again\"").contains("\"version\": 1");
			})
			.verifyComplete();
	}

	@Test
	void saveOfAStaleVersionIsAConflictAndLogsNothing() {
		AuditedItem item = inRequest(context.auditedItems().save(new AuditedItem("Fresh"))).block();
		AuditedItem stale = new AuditedItem("Stale");
		stale.setId(item.getId());
		stale.setVersion(item.getVersion());
		item.setTitle("Fresh again");
		inRequest(context.auditedItems().save(item)).block();
		inRequest(context.auditedItems().save(stale))
			.as(StepVerifier::create)
			.expectError(VersionConflictException.class)
			.verify(Duration.ofSeconds(10));
		inRequest(entries("Item", item.getId().toString()))
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.items()).extracting(AuditEntry::action).containsExactly(AuditAction.UPDATE, AuditAction.CREATE);
				assertThat(page.items()).noneSatisfy(entry -> assertThat(entry.newValue()).contains("Stale"));
			})
			.verifyComplete();
	}

	@Test
	void bulkInsertOfFiveThousandRowsLogsOneEntryPerChunk() {
		inRequest(context.auditedItems().insertAll(Flux.range(0, 5000).map(i -> new AuditedItem("Bulk " + i))))
			.as(StepVerifier::create)
			.expectNext(5000L)
			.verifyComplete();
		assertThat(context.statements()).filteredOn(sql -> sql.contains("INSERT INTO \"items\""))
			.hasSize(3)
			.allSatisfy(sql -> assertThat(sql).contains("INSERT INTO audit_log"));
		inRequest(auditLog.find(AuditQuery.builder().entityType("Item").action(AuditAction.BULK_INSERT).build()))
			.as(StepVerifier::create)
			.assertNext(page -> {
				assertThat(page.totalItems()).isEqualTo(3);
				assertThat(page.items()).extracting(AuditEntry::entityId).containsExactlyInAnyOrder("2000", "2000", "1000");
				assertThat(page.items()).allSatisfy(entry -> {
					assertThat(entry.actor()).isEqualTo("user:alice");
					assertThat(entry.oldValue()).isNull();
				});
			})
			.verifyComplete();
		inRequest(count("SELECT coalesce(sum(jsonb_array_length(new_value)), 0) FROM audit_log WHERE action = 'BULK_INSERT'"))
			.as(StepVerifier::create)
			.expectNext(5000L)
			.verifyComplete();
		// The entries were written by those statements, without a statement of their own; sealing chains them.
		inRequest(AuditChainSealer.create(context.client()).seal().then(AuditChainVerifier.create(context.client()).verify(this.tenant)))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.entriesChecked()).isEqualTo(3);
				assertThat(report.intact()).isTrue();
			})
			.verifyComplete();
	}

	@Test
	void bulkUpdateAndDeleteLogOneEntryPerStatementWithTheIds() {
		List<AuditedItem> saved = inRequest(context.auditedItems().saveAll(Flux.range(0, 3).map(i -> new AuditedItem("Batch " + i)))
			.collectList()).block();
		List<UUID> ids = saved.stream().map(AuditedItem::getId).toList();
		saved.forEach(item -> item.setTitle(item.getTitle() + " changed"));
		inRequest(context.auditedItems().updateAll(Flux.fromIterable(saved))).as(StepVerifier::create).expectNext(3L).verifyComplete();
		inRequest(context.auditedItems().deleteAllById(ids)).as(StepVerifier::create).verifyComplete();
		for (AuditAction action : List.of(AuditAction.BULK_UPDATE, AuditAction.BULK_DELETE)) {
			inRequest(auditLog.find(AuditQuery.builder().entityType("Item").action(action).build()))
				.as(StepVerifier::create)
				.assertNext(page -> assertThat(page.items()).singleElement().satisfies(entry -> {
					assertThat(entry.entityId()).isEqualTo("3");
					assertThat(entry.newValue()).contains(ids.get(0).toString(), ids.get(1).toString(), ids.get(2).toString());
					assertThat(entry.correlationId()).isEqualTo("req-1");
				}))
				.verifyComplete();
		}
	}

	@Test
	void failedChunkLeavesNoAuditEntryOfItsOwn() {
		Flux<AuditedItem> rows = Flux.range(0, 4100).map(i -> new AuditedItem((i == 4050) ? null : "Refused " + i));
		inRequest(context.auditedItems().insertAll(rows))
			.as(StepVerifier::create)
			.expectError(DataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(30));
		inRequest(Mono.zip(count("SELECT count(*) FROM items WHERE title LIKE 'Refused %'"),
				count("SELECT count(*) FROM audit_log WHERE action = 'BULK_INSERT'")))
			.as(StepVerifier::create)
			.assertNext(counts -> {
				assertThat(counts.getT1()).isEqualTo(4000L);
				assertThat(counts.getT2()).isEqualTo(2L);
			})
			.verifyComplete();
	}

	@Test
	void rolledBackDeleteLeavesNoAuditEntry() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("Kept"))).block().getId();
		inRequest(context.transactions()
			.transactional(context.auditedItems().deleteIfPresent(id).then(Mono.error(new IllegalStateException("boom")))))
			.as(StepVerifier::create)
			.expectErrorMessage("boom")
			.verify(Duration.ofSeconds(10));
		inRequest(context.auditedItems().findById(id).map(AuditedItem::getTitle))
			.as(StepVerifier::create)
			.expectNext("Kept")
			.verifyComplete();
		inRequest(entries("Item", id.toString()))
			.as(StepVerifier::create)
			.assertNext(page -> assertThat(page.items()).extracting(AuditEntry::action).containsExactly(AuditAction.CREATE))
			.verifyComplete();
	}

	@Test
	void entityWithoutAuditedRunsTheSameStatementsAsBefore() {
		List<UUID> ids = inRequest(context.items().saveAll(Flux.range(0, 3).map(i -> new Item("Plain " + i))).map(Item::getId)
			.collectList()).block();
		context.resetStatements();
		inRequest(context.items().deleteIfPresent(ids.get(0))).as(StepVerifier::create).expectNext(true).verifyComplete();
		inRequest(context.items().restore(ids.get(0))).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		inRequest(context.items().deleteAllById(ids.subList(1, 3))).as(StepVerifier::create).verifyComplete();
		List<String> statements = context.statements().stream().map(sql -> sql.replace("\"", "")).toList();
		assertThat(statements).hasSize(3).noneMatch(sql -> sql.contains("audit_log"));
		assertThat(statements.get(0))
			.isEqualTo("UPDATE items SET deleted_at = now(), version = version + 1 WHERE id = $1 AND deleted_at IS NULL");
		assertThat(statements.get(1))
			.startsWith("UPDATE items SET deleted_at = NULL, version = version + 1 WHERE id = $1 AND deleted_at IS NOT NULL RETURNING ");
		assertThat(statements.get(2))
			.isEqualTo("UPDATE items SET deleted_at = now(), version = version + 1 WHERE id = ANY($1) AND deleted_at IS NULL");
	}

	private Mono<AuditPage> entries(String entityType, String entityId) {
		return auditLog.find(AuditQuery.builder().entityType(entityType).entityId(entityId).build());
	}

	private Mono<Long> count(String sql) {
		return context.client().sql(sql).map((row, metadata) -> row.get(0, Long.class)).one();
	}

	private <T> Mono<T> inRequest(Mono<T> mono) {
		return mono.contextWrite(this::request);
	}

	private Context request(Context context) {
		return TenantContext.withTenant(this.tenant)
			.andThen(AuditContext.withActor("user:alice"))
			.andThen(AuditContext.withCorrelationId("req-1"))
			.apply(context);
	}

}
