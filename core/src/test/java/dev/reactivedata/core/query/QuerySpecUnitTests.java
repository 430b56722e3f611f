package dev.reactivedata.core.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QuerySpecUnitTests {

	enum Status {

		DRAFT, PUBLISHED

	}

	private final QuerySpec spec = QuerySpec.builder()
		.field("status", Status.class, Operator.EQ, Operator.IN, Operator.NE)
		.field("createdAt", Instant.class, Operator.GTE, Operator.GT, Operator.LT, Operator.LTE)
		.field("createdAfter", "createdAt", Instant.class, Operator.GT)
		.field("createdBefore", "createdAt", Instant.class, Operator.LT)
		.arrayContains("tag", "tags")
		.textSearch("q", "search")
		.sortable("createdAt", "title")
		.defaultSort(Sort.by(Sort.Direction.DESC, "createdAt"))
		.ignore("include")
		.build();

	@Test
	void parsesFiltersSortAndPage() {
		QueryRequest request = this.spec.parse(params("status", "PUBLISHED", "tag", "news,tech", "q", "reactive streams",
				"createdAfter", "2024-01-01", "sort", "-createdAt,title", "page", "2", "size", "50", "include", "comments"));
		assertThat(request.page()).isEqualTo(2);
		assertThat(request.size()).isEqualTo(50);
		assertThat(request.query().sort()).isEqualTo(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("title")));
		assertThat(request.query().criteria().toString()).contains("status = 'PUBLISHED'").contains("createdAt > '2024-01-01T00:00:00Z'");
		assertThat(request.query().predicates()).containsExactly(new SqlPredicate.ArrayContains("tags", List.of("news", "tech")),
				new SqlPredicate.TextMatch("search", "english", "reactive streams"));
		assertThat(request.pageable().getOffset()).isEqualTo(100);
	}

	@Test
	void defaultsApply() {
		QueryRequest request = this.spec.parse(Map.of());
		assertThat(request.page()).isZero();
		assertThat(request.size()).isEqualTo(20);
		assertThat(request.query().sort()).isEqualTo(Sort.by(Sort.Direction.DESC, "createdAt"));
		assertThat(request.query().criteria().isEmpty()).isTrue();
	}

	@Test
	void commaSeparatedEqualityBecomesIn() {
		QueryRequest request = this.spec.parse(params("status", "DRAFT,PUBLISHED"));
		assertThat(request.query().criteria().toString()).contains("status IN ('DRAFT', 'PUBLISHED')");
	}

	@Test
	void explicitOperator() {
		QueryRequest request = this.spec.parse(params("createdAt[lte]", "2024-05-01T10:00:00Z", "status[ne]", "DRAFT"));
		assertThat(request.query().criteria().toString()).contains("createdAt <= '2024-05-01T10:00:00Z'").contains("status != 'DRAFT'");
	}

	@Test
	void unknownFieldIsRefused() {
		assertViolation(params("password", "x"), "password");
	}

	@Test
	void unsupportedOperatorIsRefused() {
		assertViolation(params("status[gt]", "DRAFT"), "status[gt]");
		assertViolation(params("status[like]", "DRAFT"), "status[like]");
	}

	@Test
	void badValuesAreRefused() {
		assertViolation(params("status", "LIVE"), "status");
		assertViolation(params("createdAfter", "yesterday"), "createdAfter");
		assertViolation(params("page", "x"), "page");
		assertViolation(params("q", ""), "q");
	}

	@Test
	void pageAndSizeBoundsAreEnforced() {
		assertViolation(params("page", "-1"), "page");
		assertViolation(params("size", "1001"), "size");
		assertViolation(params("size", "0"), "size");
		assertThat(this.spec.parse(params("size", "1000")).size()).isEqualTo(1000);
	}

	@Test
	void hostileSortAndFilterStringsAreRefused() {
		for (String hostile : List.of("title;DROP TABLE articles", "title desc", "(select 1)", "-title,body", "title--",
				"tenant_id", "\"title\"")) {
			assertViolation(params("sort", hostile), "sort");
		}
		assertViolation(params("title) OR 1=1 --", "x"), "title) OR 1=1 --");
		assertViolation(params("status", "DRAFT' OR '1'='1"), "status");
	}

	@Test
	void everyFaultIsListed() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> this.spec.parse(params("nope", "1", "size", "5000", "sort", "secret")))
			.satisfies(ex -> assertThat(ex.getViolations()).extracting(InvalidQueryException.Violation::field)
				.containsExactlyInAnyOrder("nope", "size", "sort"));
	}

	@Test
	void builderRefusesOversizedLimits() {
		assertThatIllegalArgumentException().isThrownBy(() -> QuerySpec.builder().maxSize(1001).build());
		assertThatIllegalArgumentException().isThrownBy(() -> QuerySpec.builder().field("x]", String.class, Operator.EQ));
	}

	private void assertViolation(Map<String, List<String>> parameters, String field) {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> this.spec.parse(parameters))
			.satisfies(ex -> assertThat(ex.getViolations()).extracting(InvalidQueryException.Violation::field).contains(field));
	}

	@Test
	void metadataKeysBecomeOneJsonbContainment() {
		QuerySpec json = QuerySpec.builder().jsonKeys("metadata", "metadata").build();
		QueryRequest request = json.parse(params("metadata.source", "rss", "metadata.lang", " en "));
		Map<String, Object> entries = new LinkedHashMap<>();
		entries.put("source", "rss");
		entries.put("lang", "en");
		assertThat(request.query().predicates()).containsExactly(new SqlPredicate.JsonContains("metadata", entries));
	}

	@Test
	void metadataNumbersAndBooleansMatchAsJsonValuesOrAsTheirText() {
		QuerySpec json = QuerySpec.builder().jsonKeys("metadata", "metadata").build();
		QueryRequest request = json.parse(params("metadata.n", "-1.5e3", "metadata.pinned", "true", "metadata.code", "007",
				"metadata.zip", "\"12345\""));
		Map<String, Object> strings = new LinkedHashMap<>();
		strings.put("code", "007");
		strings.put("zip", "12345");
		assertThat(request.query().predicates()).containsExactly(
				new SqlPredicate.JsonEqualsAny("metadata", "n", List.of(new BigDecimal("-1.5e3"), "-1.5e3")),
				new SqlPredicate.JsonEqualsAny("metadata", "pinned", List.of(true, "true")),
				new SqlPredicate.JsonContains("metadata", strings));
	}

	@Test
	void jsonKeysOffTheAllowListOrMalformedAreFieldErrors() {
		QuerySpec json = QuerySpec.builder().jsonKeys("metadata", "metadata", "source").build();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> json.parse(params("metadata.lang", "en", "metadata.a b", "x", "metadata", "rss", "metadata.source", "",
					"meta.source", "rss")))
			.satisfies(ex -> assertThat(ex.getViolations()).extracting(InvalidQueryException.Violation::field)
				.containsExactly("metadata.lang", "metadata.a b", "metadata", "metadata.source", "meta.source"))
			.satisfies(ex -> assertThat(ex.getViolations().get(0).message()).isEqualTo("unknown key; allowed: [source]"));
		assertThatIllegalArgumentException().isThrownBy(() -> QuerySpec.builder().jsonKeys("metadata", "metadata", "a'b"));
	}

	@Test
	void unknownSortPropertyIsAFieldError() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> this.spec.parse(params("sort", "-password")))
			.satisfies(ex -> assertThat(ex.getViolations()).extracting(InvalidQueryException.Violation::field).containsExactly("sort"));
	}

	private static Map<String, List<String>> params(String... pairs) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			parameters.put(pairs[i], List.of(pairs[i + 1]));
		}
		return parameters;
	}

}
