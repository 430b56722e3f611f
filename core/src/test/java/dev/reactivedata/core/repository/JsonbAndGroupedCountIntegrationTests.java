package dev.reactivedata.core.repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.query.QuerySpec;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jsonb containment and grouped counts on real PostgreSQL: keys and values are bound, unknown properties are field
 * errors, soft-deleted rows are not counted.
 */
class JsonbAndGroupedCountIntegrationTests {

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
		String[] metadata = { "{\"source\": \"rss\", \"lang\": \"en\", \"n\": 1, \"pinned\": true}",
				"{\"source\": \"rss\", \"lang\": \"fr\", \"n\": 2, \"pinned\": false}", "{\"source\": \"web\", \"lang\": \"en\", \"n\": 1}",
				"{\"source\": \"rss\", \"nested\": {\"source\": \"web\"}}", "{}" };
		for (int i = 0; i < metadata.length; i++) {
			Item item = Item.of("Item " + i, ItemStatus.values()[i % 3], List.of());
			item.setMetadata(Json.of(metadata[i]));
			seed.add(item);
		}
		inTenant(items.saveAll(seed).then()).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void containmentMatchesTopLevelStringsNumbersAndBooleans() {
		Map<DataQuery, Long> expected = new LinkedHashMap<>();
		expected.put(DataQuery.all().jsonEquals("metadata", "source", "rss"), 3L);
		expected.put(DataQuery.all().jsonEquals("metadata", "source", "web"), 1L);
		expected.put(DataQuery.all().jsonContains("metadata", Map.of("source", "rss", "lang", "en")), 1L);
		expected.put(DataQuery.all().jsonEquals("metadata", "n", 1), 2L);
		expected.put(DataQuery.all().jsonEquals("metadata", "n", "1"), 0L);
		expected.put(DataQuery.all().jsonEquals("metadata", "pinned", true), 1L);
		expected.put(DataQuery.all().jsonEquals("metadata", "pinned", false), 1L);
		expected.put(DataQuery.where(Criteria.where("status").is(ItemStatus.DRAFT)).jsonEquals("metadata", "source", "rss"), 2L);
		expected.put(DataQuery.all().jsonEquals("metadata", "'; DROP TABLE items; --", "x' OR '1'='1"), 0L);
		expected.forEach((query, count) -> inTenant(items.count(query)).as(StepVerifier::create)
			.as(query.toString())
			.expectNext(count)
			.verifyComplete());
		inTenant(items.findAll(DataQuery.all().jsonEquals("metadata", "lang", "fr")).map(Item::getTitle).collectList())
			.as(StepVerifier::create)
			.expectNext(List.of("Item 1"))
			.verifyComplete();
	}

	@Test
	void querySpecFiltersByAllowListedKeys() {
		QuerySpec spec = QuerySpec.builder().jsonKeys("meta", "metadata", "source", "lang").build();
		DataQuery query = spec.parse(Map.of("meta.source", List.of("rss"), "meta.lang", List.of("en"))).query();
		inTenant(items.count(query)).as(StepVerifier::create).expectNext(1L).verifyComplete();
	}

	@Test
	void querySpecComparesNumbersAndBooleansAsJsonValuesAndQuotedValuesAsStrings() {
		Item text = Item.of("Text", ItemStatus.DRAFT, List.of());
		text.setMetadata(Json.of("{\"n\": \"1\", \"pinned\": \"true\", \"code\": \"007\"}"));
		inTenant(items.save(text).then()).as(StepVerifier::create).verifyComplete();
		QuerySpec spec = QuerySpec.builder().jsonKeys("meta", "metadata").build();
		Map<String, Long> expected = new LinkedHashMap<>();
		expected.put("1", 3L);
		expected.put("1.0", 2L);
		expected.put("\"1\"", 1L);
		expected.put("2", 1L);
		expected.forEach((n, count) -> inTenant(items.count(spec.parse(Map.of("meta.n", List.of(n))).query()))
			.as(StepVerifier::create)
			.as("meta.n=" + n)
			.expectNext(count)
			.verifyComplete());
		Map<String, Long> others = new LinkedHashMap<>();
		others.put("meta.pinned=true", 2L);
		others.put("meta.pinned=false", 1L);
		others.put("meta.code=007", 1L);
		others.put("meta.source=rss", 3L);
		others.forEach((filter, count) -> {
			String[] parameter = filter.split("=");
			inTenant(items.count(spec.parse(Map.of(parameter[0], List.of(parameter[1]))).query()))
				.as(StepVerifier::create)
				.as(filter)
				.expectNext(count)
				.verifyComplete();
		});
	}

	/**
	 * Every jsonb comparison stays a containment that the GIN index on the column serves: among 2,000 rows that
	 * do not match, the plan reads the index (for several values, an OR of its bitmaps) rather than falling back to
	 * a scan.
	 */
	@Test
	void jsonbFiltersUseTheGinIndex() {
		Flux<Item> fillers = Flux.range(0, 2000).map(i -> {
			Item filler = Item.of("Filler " + i, ItemStatus.DRAFT, List.of());
			filler.setMetadata(Json.of("{\"source\": \"web\", \"n\": 5}"));
			return filler;
		});
		inTenant(items.insertAll(fillers)).as(StepVerifier::create).expectNext(2000L).verifyComplete();
		Mono.usingWhen(Mono.from(dataLayer.database().ownerConnectionFactory().create()),
				connection -> Flux.from(connection.createStatement("ANALYZE items").execute()).concatMap(Result::getRowsUpdated).then(),
				Connection::close)
			.as(StepVerifier::create)
			.verifyComplete();
		QuerySpec spec = QuerySpec.builder().jsonKeys("meta", "metadata").build();
		Map<String, List<Object>> filters = new LinkedHashMap<>();
		filters.put("meta.source", List.of("source", "rss"));
		filters.put("meta.n", List.of("n", new BigDecimal("1"), "n", "1"));
		filters.forEach((parameter, bindings) -> {
			String value = (String) bindings.get(bindings.size() - 1);
			context.resetStatements();
			inTenant(items.count(spec.parse(Map.of(parameter, List.of(value))).query())).as(StepVerifier::create)
				.expectNextCount(1)
				.verifyComplete();
			String sql = context.statements().stream().filter(statement -> statement.contains("@>")).findFirst().orElseThrow();
			explain(sql, bindings).as(StepVerifier::create)
				.assertNext(plan -> assertThat(plan).as(sql).contains("Bitmap Index Scan on items_metadata_idx")
					.doesNotContain("Seq Scan"))
				.verifyComplete();
		});
	}

	@Test
	void unknownJsonPropertyIsAFieldError() {
		inTenant(items.count(DataQuery.all().jsonEquals("noSuchProperty", "source", "rss")))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(InvalidQueryException.class)
				.extracting(e -> ((InvalidQueryException) e).getViolations())
				.isEqualTo(List.of(new InvalidQueryException.Violation("noSuchProperty", "unknown property"))))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void countByGroupsInOneStatementMostFrequentFirst() {
		context.resetStatements();
		inTenant(items.countBy(DataQuery.all(), "status")).as(StepVerifier::create).assertNext(counts -> {
			assertThat(counts).containsExactly(Map.entry(ItemStatus.DRAFT, 2L), Map.entry(ItemStatus.PUBLISHED, 2L),
					Map.entry(ItemStatus.ARCHIVED, 1L));
		}).verifyComplete();
		assertThat(context.statements()).hasSize(1).allSatisfy(sql -> assertThat(sql).contains("GROUP BY"));
		inTenant(items.countBy(DataQuery.all().jsonEquals("metadata", "source", "rss"), "status"))
			.as(StepVerifier::create)
			.assertNext(counts -> assertThat(counts).containsExactly(Map.entry(ItemStatus.DRAFT, 2L), Map.entry(ItemStatus.PUBLISHED, 1L)))
			.verifyComplete();
	}

	@Test
	void countByLeavesOutDeletedRowsAndCountsNulls() {
		Mono<Map<Object, Long>> afterDelete = items.findAll(DataQuery.where(Criteria.where("status").is(ItemStatus.ARCHIVED)))
			.flatMap(item -> items.deleteById(item.getId()))
			.then(items.countBy(DataQuery.all(), "deletedAt"));
		inTenant(afterDelete).as(StepVerifier::create)
			.assertNext(counts -> assertThat(counts).hasSize(1).containsEntry(null, 4L))
			.verifyComplete();
		inTenant(items.countBy(DataQuery.all(), "status"))
			.as(StepVerifier::create)
			.assertNext(counts -> assertThat(counts).doesNotContainKey(ItemStatus.ARCHIVED))
			.verifyComplete();
	}

	@Test
	void countByAnUnknownPropertyIsAFieldError() {
		inTenant(items.countBy(DataQuery.all(), "tenant_id; DROP TABLE items"))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(((InvalidQueryException) error).getViolations())
				.extracting(InvalidQueryException.Violation::field)
				.containsExactly("tenant_id; DROP TABLE items"))
			.verify(Duration.ofSeconds(10));
	}

	private <T> Mono<T> inTenant(Mono<T> mono) {
		return mono.contextWrite(TenantContext.withTenant(this.tenant));
	}

	/**
	 * Explains a statement as the schema owner, where row-level security adds no tenant condition (whose index
	 * the planner could pick instead), with scans other than bitmap scans off: the plan reads the GIN index if the
	 * condition is one it serves, and falls back to a sequential scan or another index otherwise.
	 */
	private static Mono<String> explain(String sql, List<Object> bindings) {
		return Mono.usingWhen(Mono.from(dataLayer.database().ownerConnectionFactory().create()),
				connection -> Flux.fromIterable(List.of("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"))
					.concatMap(setting -> Flux.from(connection.createStatement("SET " + setting + " = off").execute())
						.concatMap(Result::getRowsUpdated))
					.then(Mono.defer(() -> {
						Statement explain = connection.createStatement("EXPLAIN " + sql);
						for (int i = 0; i < bindings.size(); i++) {
							explain.bind(i, bindings.get(i));
						}
						return Flux.from(explain.execute())
							.concatMap(result -> result.map((row, metadata) -> Objects.requireNonNull(row.get(0, String.class))))
							.collect(Collectors.joining("\n"));
					})), Connection::close);
	}
}
