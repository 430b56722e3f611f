package dev.reactivedata.core.repository;

import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.audit.AuditContext;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soft-deleted rows are gone from derived query methods too (find, count, exists, {@code Or} conditions and
 * limits), while {@code @Query} methods run their SQL as written; a soft delete records who deleted, and a
 * restore clears it.
 */
class SoftDeleteIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/reactivedata",
			"classpath:db/repository-test", "classpath:db/repository-audit-test");

	private static RepositoryTestContext context;

	private final UUID tenant = UUID.randomUUID();

	private Item live;

	private Item deleted;

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void seed() {
		Item live = new Item("Same title");
		live.setStatus(ItemStatus.PUBLISHED);
		Item deleted = new Item("Same title");
		deleted.setStatus(ItemStatus.PUBLISHED);
		deleted.setBody("Deleted body");
		List<Item> saved = inRequest(context.items().saveAll(List.of(live, deleted)).collectList()).block();
		this.live = saved.get(0);
		this.deleted = saved.get(1);
		inRequest(context.items().deleteIfPresent(this.deleted.getId())).block();
	}

	@Test
	void derivedFindExcludesDeletedRows() {
		inRequest(context.items().findByStatus(ItemStatus.PUBLISHED).map(Item::getId).collectList())
			.as(StepVerifier::create)
			.assertNext(ids -> assertThat(ids).containsExactly(this.live.getId()))
			.verifyComplete();
	}

	@Test
	void derivedOrConditionsCannotEscapeTheFilter() {
		inRequest(context.items().findByTitleOrBody("Nothing", "Deleted body").collectList())
			.as(StepVerifier::create)
			.assertNext(found -> assertThat(found).isEmpty())
			.verifyComplete();
	}

	@Test
	void derivedCountExistsAndFirstExcludeDeletedRows() {
		inRequest(Mono.zip(context.items().countByStatus(ItemStatus.PUBLISHED), context.items().existsByTitle("Same title"),
				context.items().findFirstByTitleOrderByCreatedAtDesc("Same title").map(Item::getId)))
			.as(StepVerifier::create)
			.assertNext(results -> {
				assertThat(results.getT1()).isEqualTo(1L);
				assertThat(results.getT2()).isTrue();
				assertThat(results.getT3()).isEqualTo(this.live.getId());
			})
			.verifyComplete();
		inRequest(context.items().deleteIfPresent(this.live.getId()).then(context.items().existsByTitle("Same title")))
			.as(StepVerifier::create)
			.expectNext(false)
			.verifyComplete();
	}

	@Test
	void queryMethodsRunTheirSqlAsWritten() {
		inRequest(context.items().findWrittenByTitle("Same title").map(Item::getId).collectList())
			.as(StepVerifier::create)
			.assertNext(ids -> assertThat(ids).containsExactlyInAnyOrder(this.live.getId(), this.deleted.getId()))
			.verifyComplete();
	}

	@Test
	void softDeleteRecordsTheActorAndRestoreClearsIt() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("Deleted by alice"))).block().getId();
		inRequest(context.auditedItems().deleteIfPresent(id).then(deletedBy(id)))
			.as(StepVerifier::create)
			.expectNext("user:alice")
			.verifyComplete();
		inRequest(context.auditedItems().restore(id))
			.as(StepVerifier::create)
			.assertNext(restored -> {
				assertThat(restored.getDeletedAt()).isNull();
				assertThat(restored.getDeletedBy()).isNull();
			})
			.verifyComplete();
	}

	@Test
	void bulkSoftDeletesRecordTheActor() {
		List<UUID> ids = inRequest(context.auditedItems().saveAll(Flux.range(0, 2).map(i -> new AuditedItem("Bulk " + i)))
			.map(AuditedItem::getId)
			.collectList()).block();
		inRequest(context.auditedItems().deleteAllById(ids).thenMany(Flux.fromIterable(ids).concatMap(this::deletedBy)))
			.as(StepVerifier::create)
			.expectNext("user:alice", "user:alice")
			.verifyComplete();
	}

	@Test
	void softDeleteWithoutAnActorRecordsNoOne() {
		UUID id = inRequest(context.auditedItems().save(new AuditedItem("Deleted by nobody"))).block().getId();
		context.auditedItems()
			.deleteIfPresent(id)
			.contextWrite(TenantContext.withTenant(this.tenant))
			.then(inRequest(deletedBy(id)))
			.as(StepVerifier::create)
			.expectNext("nobody")
			.verifyComplete();
	}

	private Mono<String> deletedBy(UUID id) {
		return context.client()
			.sql("SELECT coalesce(deleted_by, 'nobody') FROM items WHERE id = $1 AND deleted_at IS NOT NULL")
			.bind(0, id)
			.map((row, metadata) -> row.get(0, String.class))
			.one();
	}

	private <T> Mono<T> inRequest(Mono<T> mono) {
		return mono.contextWrite(this::request);
	}

	private <T> Flux<T> inRequest(Flux<T> flux) {
		return flux.contextWrite(this::request);
	}

	private Context request(Context context) {
		return TenantContext.withTenant(this.tenant).andThen(AuditContext.withActor("user:alice")).apply(context);
	}

}
