package dev.reactivedata.core.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
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

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataRepositoryIntegrationTests {

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
	void seed() {
		List<Item> seed = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			Item item = Item.of("Item " + i, ItemStatus.values()[i % 3], (i % 2 == 0) ? List.of("even", "t" + (i % 5)) : List.of("odd"));
			item.setBody((i % 10 == 0) ? "reactive streams with postgres" : "plain body " + i);
			seed.add(item);
		}
		inTenant(items.saveAll(seed).then()).as(StepVerifier::create).verifyComplete();
		context.resetStatements();
	}

	@Test
	void pageTotalsEqualCountForSeveralFilters() {
		List<DataQuery> queries = List.of(DataQuery.all(), DataQuery.where(Criteria.where("status").is(ItemStatus.PUBLISHED)),
				DataQuery.all().arrayContains("tags", List.of("even")),
				DataQuery.all().arrayContains("tags", List.of("even", "t0")),
				DataQuery.all().textSearch("search", "reactive postgres"),
				DataQuery.where(Criteria.where("status").in(ItemStatus.DRAFT, ItemStatus.ARCHIVED)).textSearch("search", "plain"));
		for (DataQuery query : queries) {
			Mono<List<Long>> pageAndCount = inTenant(Mono.zip(items.findPage(query, PageRequest.of(1, 4)), items.count(query),
					items.findAll(query).count())
				.map(all -> List.of(all.getT1().getTotalElements(), all.getT2(), all.getT3(), (long) all.getT1().getContent().size())));
			pageAndCount.as(StepVerifier::create).assertNext(numbers -> {
				assertThat(numbers.get(0)).as(query.toString()).isEqualTo(numbers.get(1)).isEqualTo(numbers.get(2)).isPositive();
				assertThat(numbers.get(3)).isEqualTo(Math.min(4, Math.max(0, numbers.get(0) - 4)));
			}).verifyComplete();
		}
	}

	@Test
	void pageIsSortedAndStable() {
		inTenant(items.findPage(DataQuery.all().sort(Sort.by(Sort.Direction.DESC, "title")), PageRequest.of(0, 3)))
			.map(Page::getContent)
			.as(StepVerifier::create)
			.assertNext(content -> assertThat(content).extracting(Item::getTitle).containsExactly("Item 9", "Item 8", "Item 7"))
			.verifyComplete();
	}

	@Test
	void unknownPropertyInPredicateIsInvalidQuery() {
		inTenant(items.count(DataQuery.all().arrayContains("No such; DROP TABLE items", List.of("x"))))
			.as(StepVerifier::create)
			.expectError(InvalidQueryException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void textArrayAndJsonbRoundTrip() {
		Item item = Item.of("Mapped", ItemStatus.DRAFT, List.of("a\"quote", "b,comma", "c\\slash"));
		item.setMetadata(Json.of("{\"nested\":{\"n\":1},\"list\":[1,2]}"));
		inTenant(items.save(item).flatMap(saved -> items.findById(saved.getId())))
			.as(StepVerifier::create)
			.assertNext(found -> {
				assertThat(found.getTags()).containsExactly("a\"quote", "b,comma", "c\\slash");
				assertThat(found.getMetadata().asString()).contains("\"nested\"").contains("\"list\"");
				assertThat(found.getCreatedBy()).isEqualTo("tester");
				assertThat(found.getCreatedAt()).isNotNull();
				assertThat(found.getVersion()).isZero();
			})
			.verifyComplete();
	}

	@Test
	void derivedQueriesKeepWorking() {
		inTenant(items.findByTitle("Item 3").collectList())
			.as(StepVerifier::create)
			.assertNext(found -> assertThat(found).hasSize(1))
			.verifyComplete();
	}

	@Test
	void softDeletedRowsAreInvisibleToEveryBaseReadAndComeBackAfterRestore() {
		Item item = inTenant(items.save(new Item("Doomed"))).block();
		UUID id = item.getId();
		DataQuery byTitle = DataQuery.where(Criteria.where("title").is("Doomed"));
		inTenant(items.deleteIfPresent(id)).as(StepVerifier::create).expectNext(true).verifyComplete();
		inTenant(items.deleteIfPresent(id)).as(StepVerifier::create).expectNext(false).verifyComplete();
		inTenant(Flux.concat(items.findById(id).map(Item::getTitle).defaultIfEmpty("absent"),
				items.existsById(id).map(String::valueOf),
				items.findAllById(List.of(id)).count().map(String::valueOf),
				items.findAll().filter(i -> i.getId().equals(id)).count().map(String::valueOf),
				items.findAll(Sort.by("title")).filter(i -> i.getId().equals(id)).count().map(String::valueOf),
				items.count(byTitle).map(String::valueOf),
				items.exists(byTitle).map(String::valueOf),
				items.findPage(byTitle, PageRequest.of(0, 10)).map(page -> page.getTotalElements() + "/" + page.getContent().size()),
				items.scroll(byTitle, null, 10).map(window -> String.valueOf(window.items().size())),
				items.findAll(byTitle).count().map(String::valueOf),
				items.findDeleted(byTitle).count().map(String::valueOf)))
			.collectList()
			.as(StepVerifier::create)
			.assertNext(reads -> assertThat(reads).containsExactly("absent", "false", "0", "0", "0", "0", "false", "0/0", "0", "0", "1"))
			.verifyComplete();
		inTenant(items.count()).as(StepVerifier::create).expectNext(30L).verifyComplete();
		inTenant(items.restore(id)).as(StepVerifier::create)
			.assertNext(restored -> {
				assertThat(restored.getDeletedAt()).isNull();
				assertThat(restored.getVersion()).isEqualTo(2);
			})
			.verifyComplete();
		inTenant(items.findById(id).map(Item::getTitle)).as(StepVerifier::create).expectNext("Doomed").verifyComplete();
		inTenant(items.restore(id)).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void concurrentUpdatesFromTheSameVersionGiveOneSuccessAndOneConflict() {
		Item item = inTenant(items.save(new Item("Contended"))).block();
		UUID id = item.getId();
		Mono<String> update = items.findById(id)
			.flatMap(read -> {
				read.setTitle("Changed " + System.nanoTime());
				read.setVersion(0);
				return items.save(read);
			})
			.map(saved -> "ok")
			.onErrorResume(VersionConflictException.class, ex -> Mono.just("conflict"));
		inTenant(Flux.merge(update, update).collectList())
			.as(StepVerifier::create)
			.assertNext(outcomes -> assertThat(outcomes).containsExactlyInAnyOrder("ok", "conflict"))
			.verifyComplete();
	}

	@Test
	void staleVersionIsTypedConflict() {
		Item item = inTenant(items.save(new Item("Stale"))).block();
		item.setTitle("Stale 2");
		Item saved = inTenant(items.save(item)).block();
		saved.setVersion(0);
		inTenant(items.save(saved))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(VersionConflictException.class)
				.hasFieldOrPropertyWithValue("version", 0))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void childrenOfManyParentsLoadInOneStatement() {
		List<Item> parents = inTenant(items.findPage(DataQuery.all().sort(Sort.by("title")), PageRequest.of(0, 10)))
			.map(Page::getContent)
			.block();
		List<ItemNote> notes = new ArrayList<>();
		for (int i = 0; i < parents.size(); i++) {
			for (int n = 0; n < i % 3; n++) {
				notes.add(new ItemNote(parents.get(i).getId(), "note " + n));
			}
		}
		inTenant(context.notes().insertAll(Flux.fromIterable(notes))).as(StepVerifier::create).expectNext((long) notes.size()).verifyComplete();
		context.resetStatements();
		Map<UUID, List<ItemNote>> children = inTenant(items.loadChildren(parents, ItemNote.class, "itemId", Sort.by("createdAt"))).block();
		assertThat(context.statements()).hasSize(1).allMatch(sql -> sql.contains("item_notes"));
		assertThat(children).hasSize(10);
		for (int i = 0; i < parents.size(); i++) {
			assertThat(children.get(parents.get(i).getId())).hasSize(i % 3);
		}
	}

	@Test
	void readsByIdRunOnTheTransactionsConnection() {
		Mono<RollBack> readThenRollBack = items.save(Item.of("Uncommitted", ItemStatus.DRAFT, List.of("tx")))
			.map(Item::getId)
			.flatMap(id -> Mono.zip(items.findById(id).map(Item::getTitle), items.existsById(id),
					items.findAllById(List.of(id)).count())
				.flatMap(read -> Mono.<RollBack>error(new RollBack(id, List.of(read.getT1(), read.getT2(), read.getT3())))));
		// Only the transaction's own connection can see the row it has not committed.
		RollBack rolledBack = inTenant(context.transactions().transactional(readThenRollBack))
			.onErrorResume(RollBack.class, Mono::just)
			.block();
		assertThat(rolledBack.read).containsExactly("Uncommitted", true, 1L);
		inTenant(items.existsById(rolledBack.id)).as(StepVerifier::create).expectNext(false).verifyComplete();
		inTenant(items.findById(rolledBack.id)).as(StepVerifier::create).verifyComplete();
	}

	/** Carries what a transaction read out of it, and rolls it back. */
	private static final class RollBack extends RuntimeException {

		private final UUID id;

		private final List<Object> read;

		RollBack(UUID id, List<Object> read) {
			super("roll back", null, false, false);
			this.id = id;
			this.read = read;
		}

	}

	@Test
	void anotherTenantSeesNothing() {
		items.count().contextWrite(TenantContext.withTenant(UUID.randomUUID()))
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	private <T> Mono<T> inTenant(Mono<T> mono) {
		return mono.contextWrite(TenantContext.withTenant(this.tenant));
	}

	private <T> Flux<T> inTenant(Flux<T> flux) {
		return flux.contextWrite(TenantContext.withTenant(this.tenant));
	}

}
