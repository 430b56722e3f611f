package dev.reactivedata.demo.article;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article API of DESIGN §7 over HTTP against real PostgreSQL: CRUD with versions, soft delete and restore,
 * lists, scrolling, comments, import and export. Every test tags its articles uniquely and filters by the tag.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(StatementRecorder.class)
class ArticleApiIntegrationTests {

	private static final String ACME = "demo-acme-key";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@LocalServerPort
	private int port;

	private final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void setUp() {
		StatementRecorder.statements.clear();
	}

	@Test
	void updateDeleteAndRestoreFollowTheContract() {
		String location = create("Versioned", "DRAFT");
		this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("Versioned 2", "PUBLISHED", 0))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.title").isEqualTo("Versioned 2")
			.jsonPath("$.version").isEqualTo(1);
		this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("Stale", "PUBLISHED", 0))
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(409);
		this.web.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "No version"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("version");
		this.web.delete().uri(location).header("X-API-Key", ACME).exchange().expectStatus().isNoContent();
		this.web.get().uri(location).header("X-API-Key", ACME).exchange().expectStatus().isNotFound();
		this.web.delete().uri(location).header("X-API-Key", ACME).exchange().expectStatus().isNotFound();
		list("tag=" + this.tag).jsonPath("$.totalItems").isEqualTo(0).jsonPath("$.items.length()").isEqualTo(0);
		this.web.post().uri(location + "/restore").header("X-API-Key", ACME).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.title").isEqualTo("Versioned 2");
		this.web.get().uri(location).header("X-API-Key", ACME).exchange().expectStatus().isOk();
		list("tag=" + this.tag).jsonPath("$.totalItems").isEqualTo(1);
		this.web.post().uri(location + "/restore").header("X-API-Key", ACME).exchange().expectStatus().isNotFound();
	}

	@Test
	void concurrentUpdatesFromTheSameVersionGiveOneSuccessAndOneConflict() {
		String location = create("Contended", "DRAFT");
		WebClient client = WebClient.create("http://localhost:" + this.port);
		Mono<Integer> update = client.put().uri(location).header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("Contended again", "DRAFT", 0))
			.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
		Mono.zip(update, update)
			.as(StepVerifier::create)
			.assertNext(statuses -> assertThat(List.of(statuses.getT1(), statuses.getT2())).containsExactlyInAnyOrder(200, 409))
			.expectComplete()
			.verify(Duration.ofSeconds(60));
	}

	@Test
	void pageTotalsEqualTheMatchingRowsForSeveralFilters() {
		for (int i = 0; i < 7; i++) {
			create("Filter " + i + ((i % 3 == 0) ? " reactive databases" : " plain"), (i % 2 == 0) ? "PUBLISHED" : "DRAFT");
		}
		Map<String, Integer> expected = Map.of("tag=" + this.tag, 7, "tag=" + this.tag + "&status=PUBLISHED", 4,
				"tag=" + this.tag + "&status=PUBLISHED,DRAFT", 7, "tag=" + this.tag + "&q=reactive", 3,
				"tag=" + this.tag + "&q=reactive&status=DRAFT", 1, "tag=" + this.tag + "&createdAfter=2000-01-01", 7,
				"tag=" + this.tag + "&createdBefore=2000-01-01", 0);
		expected.forEach((filter, count) -> {
			list(filter + "&size=2&page=1").jsonPath("$.totalItems").isEqualTo(count)
				.jsonPath("$.totalPages").isEqualTo((count + 1) / 2)
				.jsonPath("$.page").isEqualTo(1)
				.jsonPath("$.size").isEqualTo(2)
				.jsonPath("$.items.length()").isEqualTo(Math.max(0, Math.min(2, count - 2)));
			list(filter + "&size=1000").jsonPath("$.items.length()").isEqualTo(count);
		});
		list("tag=" + this.tag + "&sort=title&size=3").jsonPath("$.items[0].title").isEqualTo("Filter 0 reactive databases")
			.jsonPath("$.items[2].title").isEqualTo("Filter 2 plain");
		list("tag=" + this.tag + "&sort=-title&size=1").jsonPath("$.items[0].title").isEqualTo("Filter 6 reactive databases");
	}

	@Test
	void hostileOrInvalidQueryParametersAreBadRequestsThatRunNoSql() {
		List<String> hostile = List.of("sort=title;DROP TABLE articles", "sort=(SELECT 1)", "sort=tenant_id", "password=x",
				"title%29%20OR%201%3D1=x", "status=LIVE", "status[gt]=DRAFT", "createdAfter=yesterday", "page=-1", "size=1001",
				"size=0", "include=tenants");
		for (String query : hostile) {
			StatementRecorder.statements.clear();
			this.web.get().uri("/api/articles?" + query).header("X-API-Key", ACME)
				.exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.errors[0].field").isNotEmpty();
			assertThat(StatementRecorder.touching("articles")).as(query).isEmpty();
		}
	}

	@Test
	void includeCommentsLoadsTheChildrenOfAPageInOneQuery() {
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			locations.add(create("With comments " + i, "DRAFT"));
		}
		for (int i = 0; i < locations.size(); i++) {
			for (int c = 0; c < i; c++) {
				this.web.post().uri(locations.get(i) + "/comments").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("author", "reader " + c, "body", "comment " + c))
					.exchange()
					.expectStatus().isCreated()
					.expectBody().jsonPath("$.articleId").isEqualTo(locations.get(i).substring("/api/articles/".length()));
			}
		}
		StatementRecorder.statements.clear();
		list("tag=" + this.tag + "&include=comments&sort=title").jsonPath("$.items.length()").isEqualTo(5)
			.jsonPath("$.items[0].comments.length()").isEqualTo(0)
			.jsonPath("$.items[4].comments.length()").isEqualTo(4)
			.jsonPath("$.items[4].comments[0].author").isEqualTo("reader 0");
		assertThat(StatementRecorder.touching("comments")).hasSize(1);
		list("tag=" + this.tag).jsonPath("$.items[0].comments").doesNotExist();
		this.web.get().uri(locations.get(3) + "/comments").header("X-API-Key", ACME).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.length()").isEqualTo(3);
		this.web.post().uri(locations.get(3) + "/comments").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("author", "", "body", "x"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("author");
		this.web.get().uri("/api/articles/{id}/comments", UUID.randomUUID()).header("X-API-Key", ACME).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void scrollVisitsEveryArticleOnceAndEndsWithNullCursor() {
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 9; i++) {
			created.add(create("Scroll " + i, "DRAFT").substring("/api/articles/".length()));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> window = this.web.get()
				.uri("/api/articles/scroll?size=4&tag=" + this.tag + ((cursor != null) ? "&cursor=" + cursor : ""))
				.header("X-API-Key", ACME)
				.exchange()
				.expectStatus().isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(window).containsKey("nextCursor");
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) window.get("items");
			items.forEach(item -> seen.add((String) item.get("id")));
			cursor = (String) window.get("nextCursor");
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates().hasSize(9);
		assertThat(new HashSet<>(seen)).isEqualTo(created);
		this.web.get().uri("/api/articles/scroll?cursor=not-a-cursor").header("X-API-Key", ACME).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
	}

	@Test
	void atomicImportWithOneBadLineInsertsNothing() {
		String ndjson = ndjson(4, 2);
		this.web.post().uri("/api/articles/import?atomic=true").header("X-API-Key", ACME)
			.contentType(MediaType.APPLICATION_NDJSON)
			.bodyValue(ndjson)
			.exchange()
			.expectStatus().isEqualTo(422)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(422)
			.jsonPath("$.inserted").isEqualTo(0)
			.jsonPath("$.rejected.length()").isEqualTo(1)
			.jsonPath("$.rejected[0].line").isEqualTo(3)
			.jsonPath("$.rejected[0].message").value(message -> assertThat((String) message).contains("title"));
		list("tag=" + this.tag).jsonPath("$.totalItems").isEqualTo(0);
	}

	@Test
	void importWithoutAtomicInsertsTheRestAndReportsTheLine() {
		this.web.post().uri("/api/articles/import").header("X-API-Key", ACME)
			.contentType(MediaType.APPLICATION_NDJSON)
			.bodyValue(ndjson(4, 2) + "{not json\n")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.inserted").isEqualTo(3)
			.jsonPath("$.rejected[0].line").isEqualTo(3)
			.jsonPath("$.rejected[1].line").isEqualTo(5)
			.jsonPath("$.rejected[1].message").value(message -> assertThat((String) message).startsWith("malformed JSON"));
		list("tag=" + this.tag).jsonPath("$.totalItems").isEqualTo(3).jsonPath("$.items[0].createdBy").value(createdBy ->
				assertThat((String) createdBy).startsWith("apikey:"));
	}

	@Test
	void exportStreamsNdjsonOrCsvByAccept() {
		create("Export, \"quoted\"", "DRAFT");
		String ndjson = this.web.get().uri("/api/articles/export").header("X-API-Key", ACME)
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(ndjson.lines()).isNotEmpty().allMatch(line -> line.startsWith("{\"id\":"));
		assertThat(ndjson).contains("Export, \\\"quoted\\\"");
		String csv = this.web.get().uri("/api/articles/export").header("X-API-Key", ACME)
			.accept(MediaType.parseMediaType("text/csv"))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(csv).startsWith("id,title,body,status,tags,metadata,version,createdAt,updatedAt,createdBy,updatedBy\r\n")
			.contains(",\"Export, \"\"quoted\"\"\",");
		assertThat(csv.lines().count()).isEqualTo(ndjson.lines().count() + 1);
	}

	@Test
	void malformedIdsAndBodiesAreBadRequests() {
		this.web.put().uri("/api/articles/not-a-uuid").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("x", "DRAFT", 0))
			.exchange()
			.expectStatus().isBadRequest();
		this.web.delete().uri("/api/articles/12").header("X-API-Key", ACME).exchange().expectStatus().isBadRequest();
		this.web.post().uri("/api/articles/x/restore").header("X-API-Key", ACME).exchange().expectStatus().isBadRequest();
		this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\":\"x\",\"status\":\"LIVE\"}")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[1,2]")
			.exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void unreadableBodiesNameTheFieldAndWhatItMustBe() {
		badBody("{\"title\":\"x\",\"status\":\"LIVE\"}").jsonPath("$.errors[0].field").isEqualTo("status")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("LIVE")
				.contains("one of DRAFT, PUBLISHED, ARCHIVED"));
		badBody("{\"title\":\"x\",\"version\":\"one\"}").jsonPath("$.errors[0].field").isEqualTo("version")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("an integer"));
		badBody("[1,2]").jsonPath("$.errors[0].field").isEqualTo("body")
			.jsonPath("$.errors[0].message").isEqualTo("must be a JSON object");
		badBody("{\"title\":\"x\",\"tags\":[\"a\",{}]}").jsonPath("$.errors[0].field").isEqualTo("tags[1]")
			.jsonPath("$.errors[0].message").isEqualTo("must be a string");
		badBody("{\"title\":\"x\",\"titel\":\"y\"}").jsonPath("$.errors[0].field").isEqualTo("titel")
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("not a known property")
				.contains("title"));
		badBody("{\"title\":").jsonPath("$.errors[0].field").isEqualTo("body")
			.jsonPath("$.errors[0].message").isEqualTo("is not valid JSON");
	}

	@Test
	void createAnswersTheTimestampsALaterReadReturns() {
		Map<String, Object> created = this.web.post().uri("/api/articles").header("X-API-Key", ACME)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "Timed", "tags", List.of(this.tag)))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(created).isNotNull();
		// The list is read from the database, never from the cache the create wrote.
		Map<String, Object> page = this.web.get().uri("/api/articles?tag=" + this.tag)
			.header("X-API-Key", ACME)
			.exchange()
			.expectStatus().isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(page).isNotNull();
		@SuppressWarnings("unchecked")
		Map<String, Object> read = ((List<Map<String, Object>>) page.get("items")).get(0);
		assertThat(read.get("createdAt")).isEqualTo(created.get("createdAt"));
		assertThat(read.get("updatedAt")).isEqualTo(created.get("updatedAt"));
	}

	private WebTestClient.BodyContentSpec badBody(String json) {
		return this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.errors.length()").isEqualTo(1);
	}

	private WebTestClient.BodyContentSpec list(String query) {
		return this.web.get().uri("/api/articles?" + query).header("X-API-Key", ACME)
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	private String create(String title, String status) {
		return this.web.post().uri("/api/articles").header("X-API-Key", ACME).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Body of " + title, "status", status, "tags", List.of(this.tag)))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

	private Map<String, Object> body(String title, String status, int version) {
		return Map.of("title", title, "body", "Updated", "status", status, "tags", List.of(this.tag), "version", version);
	}

	private String ndjson(int count, int badIndex) {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < count; i++) {
			String title = (i == badIndex) ? "" : "Imported " + i;
			lines.append("{\"title\":\"").append(title).append("\",\"tags\":[\"").append(this.tag).append("\"]}\n");
		}
		return lines.toString();
	}

}
