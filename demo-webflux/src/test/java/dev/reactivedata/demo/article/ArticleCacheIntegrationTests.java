package dev.reactivedata.demo.article;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/articles/{id}} through the Redis cache: a miss, then hits, per tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "reactivedata.cache.command-timeout=2s")
@AutoConfigureWebTestClient
class ArticleCacheIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void firstReadMissesThenHitsWithTheSameBody() {
		String location = create("demo-acme-key", "Cached");
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "MISS")
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectBody().jsonPath("$.title").isEqualTo("Cached").jsonPath("$.metadata.source").isEqualTo("test");
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectBody()
			.jsonPath("$.title").isEqualTo("Cached")
			.jsonPath("$.tags[0]").isEqualTo("news")
			.jsonPath("$.metadata.source").isEqualTo("test")
			.jsonPath("$.createdBy").isNotEmpty();
	}

	@Test
	void aHitAnswersTheBytesOfTheMissWhichAreTheArticlesJson() {
		String location = create("demo-acme-key", "Bytes");
		byte[] miss = get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "MISS")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().returnResult().getResponseBody();
		byte[] hit = get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectHeader().contentLength(miss.length)
			.expectBody().returnResult().getResponseBody();
		assertThat(hit).isEqualTo(miss);
		// The same JSON as the article's other answers, which Jackson writes from an ArticleResponse.
		String listed = this.web.get().uri("/api/articles?size=1000").header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains(new String(hit, StandardCharsets.UTF_8));
	}

	@Test
	void aHitAnswersNotModifiedToItsETagAndNotAcceptableToAnotherMediaType() {
		String location = create("demo-acme-key", "Negotiated");
		get(location, "demo-acme-key").expectStatus().isOk();
		this.web.get().uri(location).header("X-API-Key", "demo-acme-key").ifNoneMatch("\"0\"").exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals("X-Cache", "HIT");
		this.web.get().uri(location).header("X-API-Key", "demo-acme-key").accept(MediaType.APPLICATION_XML).exchange()
			.expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE)
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aMalformedIdIsTheProblemOfATypeMismatch() {
		get("/api/articles/not-a-uuid", "demo-acme-key").expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.title").isEqualTo("Bad Request")
			.jsonPath("$.detail").isEqualTo("Type mismatch.")
			.jsonPath("$.instance").isEqualTo("/api/articles/not-a-uuid")
			.jsonPath("$.type").isNotEmpty();
	}

	@Test
	void headAnswersTheHeadersOfTheGet() {
		String location = create("demo-acme-key", "Head");
		get(location, "demo-acme-key").expectStatus().isOk();
		this.web.head().uri(location).header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Cache", "HIT")
			.expectHeader().valueEquals("ETag", "\"0\"")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().isEmpty();
	}

	@Test
	void optionsAndAMethodTheRouteDoesNotAnswerListEveryMethodOfTheRoute() {
		String location = create("demo-acme-key", "Options");
		Set<HttpMethod> every = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE,
				HttpMethod.OPTIONS);
		this.web.options().uri(location).header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isOk()
			.expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allowed(allow)).isEqualTo(every));
		this.web.patch().uri(location).header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allowed(allow)).isEqualTo(every))
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		// A path an annotated mapping names is not an article's: its own mapping answers.
		this.web.options().uri("/api/articles/import").header("X-API-Key", "demo-acme-key").exchange()
			.expectStatus().isOk()
			.expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allowed(allow)).contains(HttpMethod.POST));
	}

	private static Set<HttpMethod> allowed(String allow) {
		return Arrays.stream(allow.split(",")).map(String::trim).map(HttpMethod::valueOf).collect(Collectors.toSet());
	}

	@Test
	void exportThatTheClientCannotAcceptIsReadAsAnId() {
		// As with the annotated routes: /export only when the client accepts what it produces, else /{id}.
		this.web.get().uri("/api/articles/export").header("X-API-Key", "demo-acme-key")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").isEqualTo("Type mismatch.");
	}

	@Test
	void anotherTenantNeverGetsTheCachedArticle() {
		String location = create("demo-acme-key", "Acme cached");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		get(location, "demo-globex-key").expectStatus().isNotFound();
	}

	@Test
	void updateAfterHitIsReadAtItsNewVersion() {
		String location = create("demo-acme-key", "Before");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		this.web.put().uri(location)
			.header("X-API-Key", "demo-acme-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "After", "version", 0))
			.exchange()
			.expectStatus().isOk();
		get(location, "demo-acme-key").expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"1\"")
			.expectBody().jsonPath("$.title").isEqualTo("After");
	}

	@Test
	void deleteAfterHitIsNotFoundAndRestoreServesTheArticleAgain() {
		String location = create("demo-acme-key", "Short-lived");
		get(location, "demo-acme-key").expectStatus().isOk();
		get(location, "demo-acme-key").expectHeader().valueEquals("X-Cache", "HIT");
		this.web.delete().uri(location).header("X-API-Key", "demo-acme-key").exchange().expectStatus().isNoContent();
		get(location, "demo-acme-key").expectStatus().isNotFound();
		this.web.post().uri(location + "/restore").header("X-API-Key", "demo-acme-key").exchange().expectStatus().isOk();
		get(location, "demo-acme-key").expectStatus().isOk().expectBody().jsonPath("$.title").isEqualTo("Short-lived");
	}

	private WebTestClient.ResponseSpec get(String location, String apiKey) {
		return this.web.get().uri(location).header("X-API-Key", apiKey).exchange();
	}

	private String create(String apiKey, String title) {
		return this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news"), "metadata", Map.of("source", "test")))
			.exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

}
