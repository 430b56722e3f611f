package dev.reactivedata.demo.web;

import java.util.List;
import java.util.Map;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description names every route of the HTTP contract (DESIGN §7) and documents the problem details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OpenApiIntegrationTests {

	/**
	 * The contract's routes ({@code GET /}, the dashboard page, is a static resource, not an API operation).
	 */
	private static final List<String> ROUTES = List.of("post /api/articles", "get /api/articles/{id}",
			"put /api/articles/{id}", "delete /api/articles/{id}", "post /api/articles/{id}/restore",
			"get /api/articles", "get /api/articles/scroll", "post /api/articles/import", "get /api/articles/export",
			"get /api/articles/{id}/comments", "post /api/articles/{id}/comments", "get /api/audit",
			"get /api/metrics/stream", "get /api/db/insights", "get /api/db/migrations", "get /api/stats",
			"get /actuator/health", "get /actuator/prometheus");

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	@SuppressWarnings("unchecked")
	void everyRouteOfTheContractIsDescribed() {
		Map<String, Object> apiDocs = apiDocs();
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) apiDocs.get("paths");
		List<String> described = paths.entrySet()
			.stream()
			.flatMap(path -> path.getValue().keySet().stream().map(method -> method + " " + path.getKey()))
			.toList();
		assertThat(described).containsAll(ROUTES);
	}

	@Test
	@SuppressWarnings("unchecked")
	void problemDetailsAreDocumented() {
		Map<String, Object> apiDocs = apiDocs();
		Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) apiDocs.get("components"))
			.get("schemas");
		assertThat((Map<String, Object>) schemas.get("ProblemDetail")).containsKey("properties");
		Map<String, Object> get = (Map<String, Object>) ((Map<String, Map<String, Object>>) apiDocs.get("paths"))
			.get("/api/articles/{id}")
			.get("get");
		Map<String, Object> notFound = (Map<String, Object>) ((Map<String, Object>) get.get("responses")).get("404");
		assertThat((Map<String, Object>) notFound.get("content")).containsKey("application/problem+json");
	}

	private Map<String, Object> apiDocs() {
		return this.web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
