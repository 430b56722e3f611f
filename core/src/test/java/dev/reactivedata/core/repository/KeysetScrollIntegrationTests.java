package dev.reactivedata.core.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;

class KeysetScrollIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/repository-test");

	private static RepositoryTestContext context;

	private static ItemRepository items;

	private static final DataQuery NEWEST_FIRST = DataQuery.all().sort(Sort.by(Sort.Direction.DESC, "createdAt"));

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		items = context.items();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void scrollingVisitsEveryRowExactlyOnceWhileAnotherTaskInserts() {
		UUID tenant = UUID.randomUUID();
		// Rows share created_at values in groups, so the id tie-break decides the order inside a group.
		seed(tenant, 500).as(StepVerifier::create).verifyComplete();
		Set<UUID> before = new HashSet<>(items.findAll().map(Item::getId).collectList()
			.contextWrite(TenantContext.withTenant(tenant)).block());
		List<UUID> visited = new ArrayList<>();
		AtomicReference<String> cursor = new AtomicReference<>();
		Mono<KeysetPage<Item>> window = Mono.defer(() -> items.scroll(NEWEST_FIRST, cursor.get(), 37));
		// Another task inserts newer rows (ahead of the scroll position) while the scroll runs.
		Mono<Void> inserts = Flux.range(0, 20)
			.concatMap(i -> items.save(new Item("concurrent " + i)).delayElement(Duration.ofMillis(5)))
			.then();
		Mono<Void> scroll = window.doOnNext(page -> {
			page.items().forEach(item -> visited.add(item.getId()));
			cursor.set(page.nextCursor());
		}).repeat(() -> cursor.get() != null).then();
		Mono.when(scroll, inserts).contextWrite(TenantContext.withTenant(tenant)).as(StepVerifier::create).verifyComplete();
		assertThat(visited).doesNotHaveDuplicates();
		assertThat(visited).containsAll(before);
		assertThat(new HashSet<>(visited)).hasSizeGreaterThanOrEqualTo(before.size());
	}

	@ParameterizedTest
	@MethodSource("sorts")
	void windowsFollowTheOrderOfOneWindowHoldingEveryRow(Sort sort) {
		UUID tenant = UUID.randomUUID();
		// 300 rows in groups of 7 that tie on created_at; statuses repeat every 3 rows.
		seed(tenant, 300).as(StepVerifier::create).verifyComplete();
		DataQuery query = DataQuery.all().sort(sort);
		List<UUID> expected = items.scroll(query, null, 1000)
			.map(page -> page.items().stream().map(Item::getId).toList())
			.contextWrite(TenantContext.withTenant(tenant))
			.block();
		List<UUID> visited = scrollToTheEnd(query, 11, tenant).stream().map(Item::getId).toList();
		assertThat(expected).hasSize(300);
		assertThat(visited).isEqualTo(expected);
	}

	/** Keys all descending or all ascending (one row comparison), and keys in both directions (criteria). */
	static Stream<Sort> sorts() {
		return Stream.of(Sort.by(Sort.Direction.DESC, "createdAt"), Sort.by("createdAt"), Sort.by("title"),
				Sort.by(Sort.Order.asc("status"), Sort.Order.desc("createdAt")),
				Sort.by(Sort.Order.desc("status"), Sort.Order.asc("createdAt")));
	}

	@Test
	void scrollHonoursFiltersAndEndsWithNullCursor() {
		UUID tenant = UUID.randomUUID();
		seed(tenant, 50).as(StepVerifier::create).verifyComplete();
		DataQuery published = DataQuery.where(Criteria.where("status").is(ItemStatus.PUBLISHED)).sort(Sort.by("title"));
		List<String> titles = scrollToTheEnd(published, 4, tenant).stream().map(Item::getTitle).toList();
		assertThat(titles).hasSize(17).isSorted();
	}

	@Test
	void tamperedCursorIsRefused() {
		UUID tenant = UUID.randomUUID();
		seed(tenant, 10).as(StepVerifier::create).verifyComplete();
		String cursor = items.scroll(NEWEST_FIRST, null, 3).contextWrite(TenantContext.withTenant(tenant)).block().nextCursor();
		char[] chars = cursor.toCharArray();
		chars[5] = (chars[5] == 'A') ? 'B' : 'A';
		items.scroll(NEWEST_FIRST, new String(chars), 3)
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidQueryException.class).hasMessageContaining("cursor"))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void cursorOfAnotherSortIsRefused() {
		UUID tenant = UUID.randomUUID();
		seed(tenant, 10).as(StepVerifier::create).verifyComplete();
		String cursor = items.scroll(NEWEST_FIRST, null, 3).contextWrite(TenantContext.withTenant(tenant)).block().nextCursor();
		items.scroll(DataQuery.all().sort(Sort.by("title")), cursor, 3)
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectError(InvalidQueryException.class)
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void firstWindowIsPreparedOnceLikeTheWindowsAfterACursor() {
		UUID tenant = UUID.randomUUID();
		seed(tenant, 10).as(StepVerifier::create).verifyComplete();
		// One connection, so the statement cache it keeps is the one pg_prepared_statements shows.
		try (RepositoryTestContext single = RepositoryTestContext.start(dataLayer.database(), 1)) {
			Mono.defer(() -> single.items().scroll(NEWEST_FIRST, null, 3))
				.repeat(2)
				.contextWrite(TenantContext.withTenant(tenant))
				.as(StepVerifier::create)
				.expectNextCount(3)
				.verifyComplete();
			// The recording proxy saw them: the fetch size that prepares them does not bypass r2dbc-proxy's listeners.
			List<String> windows = single.statements().stream().filter(sql -> sql.contains("ORDER BY")).distinct().toList();
			assertThat(windows).hasSize(1);
			// A statement without markers would otherwise go out as a simple query, parsed and planned on every run.
			single.client()
				.sql("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1")
				.bind(0, windows.get(0))
				.map(row -> row.get(0, Long.class))
				.one()
				.as(StepVerifier::create)
				.expectNext(1L)
				.verifyComplete();
		}
	}

	/** Scrolls {@code query} to its end in windows of {@code size} and returns the rows visited, in order. */
	private static List<Item> scrollToTheEnd(DataQuery query, int size, UUID tenant) {
		List<Item> visited = new ArrayList<>();
		AtomicReference<String> cursor = new AtomicReference<>();
		Mono.defer(() -> items.scroll(query, cursor.get(), size))
			.doOnNext(page -> {
				visited.addAll(page.items());
				cursor.set(page.nextCursor());
			})
			.repeat(() -> cursor.get() != null)
			.then()
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.verifyComplete();
		return visited;
	}

	private static Mono<Void> seed(UUID tenant, int count) {
		return context.client()
			.sql("INSERT INTO items (title, status, created_at) SELECT 'Item ' || lpad(g::text, 5, '0'), "
					+ "(ARRAY['DRAFT','PUBLISHED','ARCHIVED'])[g % 3 + 1], now() - (g / 7) * interval '1 second' "
					+ "FROM generate_series(1, $1) g")
			.bind(0, count)
			.then()
			.contextWrite(TenantContext.withTenant(tenant));
	}

}
