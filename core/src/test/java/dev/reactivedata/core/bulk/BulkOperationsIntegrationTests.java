package dev.reactivedata.core.bulk;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.repository.Item;
import dev.reactivedata.core.repository.ItemRepository;
import dev.reactivedata.core.repository.ItemStatus;
import dev.reactivedata.core.repository.RepositoryTestContext;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;

class BulkOperationsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/repository-test");

	private static RepositoryTestContext context;

	private static ItemRepository items;

	private final UUID tenant = UUID.randomUUID();

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		items = context.items();
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
	void insertAllRunsOneStatementPerChunk() {
		inTenant(items.insertAll(Flux.range(0, 5000).map(i -> Item.of("Bulk " + i, ItemStatus.PUBLISHED, List.of("bulk")))))
			.as(StepVerifier::create)
			.expectNext(5000L)
			.verifyComplete();
		assertThat(context.statements().stream().filter(sql -> sql.startsWith("INSERT"))).hasSize(3)
			.allMatch(sql -> sql.contains("unnest("));
		inTenant(items.count()).as(StepVerifier::create).expectNext(5000L).verifyComplete();
		items.count().contextWrite(TenantContext.withTenant(UUID.randomUUID())).as(StepVerifier::create).expectNext(0L).verifyComplete();
	}

	@Test
	void insertAllOutsideATransactionRunsTwoChunksAtOnceAndWritesWholeChunks() {
		inTenant(items.insertAll(itemsFailingAt(9_500)))
			.as(StepVerifier::create)
			.expectError(DataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(30));
		assertThat(context.mostStatementsAtOnce()).isBetween(1, 2);
		// The four chunks before the failing last one, done before the error: whole chunks only.
		inTenant(items.count()).as(StepVerifier::create).expectNext(8_000L).verifyComplete();
	}

	@Test
	void insertAllInATransactionRunsItsChunksOneAfterTheOtherAndWritesAllOrNothing() {
		inTenant(context.transactions().transactional(items.insertAll(itemsFailingAt(9_500))))
			.as(StepVerifier::create)
			.expectError(DataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(30));
		assertThat(context.mostStatementsAtOnce()).isOne();
		inTenant(items.count()).as(StepVerifier::create).expectNext(0L).verifyComplete();
	}

	/** Ten thousand items whose one at {@code failing} has no title, which the table refuses. */
	private static Flux<Item> itemsFailingAt(int failing) {
		return Flux.range(0, 10_000).map(i -> new Item((i == failing) ? null : "Chunked " + i));
	}

	@Test
	void insertAllMapsEveryColumnAndRunsAuditing() {
		Item item = Item.of("Mapped \"bulk\"", ItemStatus.ARCHIVED, List.of("a\"b", "c,d", "e\\f", "{g}"));
		item.setBody("body with 'quotes' and\nnewlines");
		item.setMetadata(Json.of("{\"k\":[1,2,{\"x\":null}]}"));
		inTenant(items.insertAll(Flux.just(item)).then(items.findAll(DataQuery.where(Criteria.where("status").is(ItemStatus.ARCHIVED))).single()))
			.as(StepVerifier::create)
			.assertNext(found -> {
				assertThat(found.getId()).isNotNull();
				assertThat(found.getTitle()).isEqualTo("Mapped \"bulk\"");
				assertThat(found.getBody()).isEqualTo("body with 'quotes' and\nnewlines");
				assertThat(found.getTags()).containsExactly("a\"b", "c,d", "e\\f", "{g}");
				assertThat(found.getMetadata().asString()).isEqualTo("{\"k\": [1, 2, {\"x\": null}]}");
				assertThat(found.getVersion()).isZero();
				assertThat(found.getCreatedBy()).isEqualTo("tester");
				assertThat(found.getCreatedAt()).isNotNull();
			})
			.verifyComplete();
	}

	@Test
	void insertAllRequestsTheSourceInBoundedAmounts() {
		AtomicLong largestRequest = new AtomicLong();
		Flux<Item> source = Flux.range(0, 20_000)
			.map(i -> new Item("Lazy " + i))
			.doOnRequest(n -> largestRequest.accumulateAndGet(n, Math::max));
		inTenant(items.insertAll(source)).as(StepVerifier::create).expectNext(20_000L).verifyComplete();
		assertThat(largestRequest.get()).isLessThanOrEqualTo(256);
	}

	@Test
	void updateAllChecksVersionsInOneStatementPerChunk() {
		inTenant(items.insertAll(Flux.range(0, 100).map(i -> new Item("Update " + i)))).block();
		List<Item> loaded = inTenant(items.findAll().collectList()).block();
		loaded.forEach(item -> item.setStatus(ItemStatus.PUBLISHED));
		context.resetStatements();
		inTenant(items.updateAll(Flux.fromIterable(loaded))).as(StepVerifier::create).expectNext(100L).verifyComplete();
		assertThat(context.statements().stream().filter(sql -> sql.startsWith("UPDATE"))).hasSize(1);
		inTenant(items.findAll().collectList())
			.as(StepVerifier::create)
			.assertNext(updated -> assertThat(updated).allMatch(item -> item.getStatus() == ItemStatus.PUBLISHED && item.getVersion() == 1
					&& "tester".equals(item.getUpdatedBy())))
			.verifyComplete();
		inTenant(items.updateAll(Flux.fromIterable(loaded)))
			.as(StepVerifier::create)
			.expectError(OptimisticLockingFailureException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void bulkStatementsNeverCrossTenants() {
		inTenant(items.insertAll(Flux.range(0, 10).map(i -> new Item("Mine " + i)))).block();
		List<Item> mine = inTenant(items.findAll().collectList()).block();
		mine.forEach(item -> item.setTitle("Hijacked"));
		UUID intruder = UUID.randomUUID();
		items.updateAll(Flux.fromIterable(mine)).contextWrite(TenantContext.withTenant(intruder))
			.as(StepVerifier::create)
			.expectError(OptimisticLockingFailureException.class)
			.verify(Duration.ofSeconds(10));
		items.deleteAllById(mine.stream().map(Item::getId).toList()).contextWrite(TenantContext.withTenant(intruder))
			.as(StepVerifier::create)
			.verifyComplete();
		inTenant(items.findAll().map(Item::getTitle).filter(title -> title.startsWith("Mine")).count())
			.as(StepVerifier::create)
			.expectNext(10L)
			.verifyComplete();
	}

	@Test
	void deleteAllByIdIsOneStatementWithAny() {
		inTenant(items.insertAll(Flux.range(0, 50).map(i -> new Item("Delete " + i)))).block();
		List<UUID> ids = inTenant(items.findAll().map(Item::getId).collectList()).block();
		context.resetStatements();
		inTenant(items.deleteAllById(ids)).as(StepVerifier::create).verifyComplete();
		assertThat(context.statements()).hasSize(1).allMatch(sql -> sql.contains("= ANY($1)"));
		inTenant(Mono.zip(items.count(), items.findDeleted(DataQuery.all()).count()))
			.as(StepVerifier::create)
			.assertNext(counts -> {
				assertThat(counts.getT1()).isZero();
				assertThat(counts.getT2()).isEqualTo(50L);
			})
			.verifyComplete();
	}

	private <T> Mono<T> inTenant(Mono<T> mono) {
		return mono.contextWrite(TenantContext.withTenant(this.tenant));
	}

}
