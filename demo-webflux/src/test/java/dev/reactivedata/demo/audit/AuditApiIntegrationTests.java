package dev.reactivedata.demo.audit;

import java.util.List;
import java.util.Map;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/audit} over HTTP: article writes are audited with the caller and correlation id, each tenant
 * sees only its own entries, another tenant's ids are 404 on the article and audit routes, keys are checked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AuditApiIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void articleCreateIsAuditedWithActorAndCorrelationId() {
		String id = createArticle("demo-acme-key", "Audited", "corr-create-1");
		this.web.get().uri("/api/audit?entityType=Article&entityId={id}", id)
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.totalItems").isEqualTo(1)
			.jsonPath("$.page").isEqualTo(0)
			.jsonPath("$.size").isEqualTo(20)
			.jsonPath("$.totalPages").isEqualTo(1)
			.jsonPath("$.items[0].action").isEqualTo("CREATE")
			.jsonPath("$.items[0].entityType").isEqualTo("Article")
			.jsonPath("$.items[0].entityId").isEqualTo(id)
			.jsonPath("$.items[0].correlationId").isEqualTo("corr-create-1")
			.jsonPath("$.items[0].newValue.title").isEqualTo("Audited")
			.jsonPath("$.items[0].newValue.search").doesNotExist()
			.jsonPath("$.items[0].oldValue").doesNotExist()
			.jsonPath("$.items[0].actor").value(actor -> assertThat((String) actor).startsWith("apikey:"));
	}

	@Test
	void articleDeleteAndRestoreAreAuditedWithOldAndNewValues() {
		String id = createArticle("demo-acme-key", "Deleted then restored", "corr-lifecycle");
		this.web.delete().uri("/api/articles/{id}", id)
			.header("X-API-Key", "demo-acme-key")
			.header("X-Correlation-Id", "corr-delete")
			.exchange()
			.expectStatus().isNoContent();
		this.web.post().uri("/api/articles/{id}/restore", id)
			.header("X-API-Key", "demo-acme-key")
			.header("X-Correlation-Id", "corr-restore")
			.exchange()
			.expectStatus().isOk();
		this.web.get().uri("/api/audit?entityType=Article&entityId={id}", id)
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.totalItems").isEqualTo(3)
			.jsonPath("$.items[0].action").isEqualTo("RESTORE")
			.jsonPath("$.items[0].correlationId").isEqualTo("corr-restore")
			.jsonPath("$.items[0].oldValue.deletedAt").isNotEmpty()
			.jsonPath("$.items[0].newValue.deletedAt").isEmpty()
			.jsonPath("$.items[0].newValue.deletedBy").isEmpty()
			.jsonPath("$.items[0].newValue.search").doesNotExist()
			.jsonPath("$.items[0].newValue.tenantId").doesNotExist()
			.jsonPath("$.items[0].newValue.tenant_id").doesNotExist()
			.jsonPath("$.items[1].action").isEqualTo("DELETE")
			.jsonPath("$.items[1].correlationId").isEqualTo("corr-delete")
			.jsonPath("$.items[1].oldValue.deletedAt").isEmpty()
			.jsonPath("$.items[1].newValue.deletedAt").isNotEmpty()
			.jsonPath("$.items[1].newValue.deletedBy").value(deletedBy -> assertThat((String) deletedBy).startsWith("apikey:"))
			.jsonPath("$.items[1].newValue.title").isEqualTo("Deleted then restored")
			.jsonPath("$.items[1].oldValue.search").doesNotExist()
			.jsonPath("$.items[1].actor").value(actor -> assertThat((String) actor).startsWith("apikey:"))
			.jsonPath("$.items[2].action").isEqualTo("CREATE");
	}

	@Test
	void entriesComeNewestFirstAndArePaged() {
		createArticle("demo-acme-key", "First", "corr-a");
		createArticle("demo-acme-key", "Second", "corr-b");
		this.web.get().uri("/api/audit?entityType=Article&size=1")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items.length()").isEqualTo(1)
			.jsonPath("$.items[0].newValue.title").isEqualTo("Second")
			.jsonPath("$.totalItems").value(total -> assertThat(((Number) total).longValue()).isGreaterThanOrEqualTo(2));
	}

	@Test
	void anotherTenantsIdsAreNotFoundOnArticleAndAuditRoutes() {
		String id = createArticle("demo-acme-key", "Acme secret", "corr-secret");
		this.web.get().uri("/api/articles/{id}", id)
			.header("X-API-Key", "demo-globex-key")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.get().uri("/api/audit?entityType=Article&entityId={id}", id)
			.header("X-API-Key", "demo-globex-key")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.get().uri("/api/audit?entityType=Article")
			.header("X-API-Key", "demo-globex-key")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.items[?(@.entityId == '" + id + "')]").doesNotExist();
	}

	@Test
	void pageSizeAboveTheLimitIsBadRequest() {
		this.web.get().uri("/api/audit?size=1001")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("size");
	}

	@Test
	void auditNeedsATenantKeyAndAdminRoutesNeedAnAdminKey() {
		this.web.get().uri("/api/audit").exchange().expectStatus().isUnauthorized();
		this.web.get().uri("/api/audit").header("X-API-Key", "demo-admin-key").exchange().expectStatus().isForbidden();
		for (String adminRoute : List.of("/api/metrics/stream", "/api/db/insights", "/api/db/migrations")) {
			this.web.get().uri(adminRoute).header("X-API-Key", "demo-acme-key").exchange().expectStatus().isForbidden();
		}
	}

	private String createArticle(String apiKey, String title, String correlationId) {
		String location = this.web.post().uri("/api/articles")
			.header("X-API-Key", apiKey)
			.header("X-Correlation-Id", correlationId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title, "body", "Hello", "tags", List.of("news")))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("X-Correlation-Id", correlationId)
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		return location.substring(location.lastIndexOf('/') + 1);
	}

}
