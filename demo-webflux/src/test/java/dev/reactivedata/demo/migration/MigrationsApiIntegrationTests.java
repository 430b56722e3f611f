package dev.reactivedata.demo.migration;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/db/migrations} answers admins with the state {@code db info} reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class MigrationsApiIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void listsTheAppliedMigrationsForAdmins() {
		this.web.get()
			.uri("/api/db/migrations")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.current").isEqualTo("22")
			.jsonPath("$.applied[0].version").isEqualTo("1")
			.jsonPath("$.applied[0].description").isEqualTo("application role")
			.jsonPath("$.applied[0].type").isEqualTo("SQL")
			.jsonPath("$.applied[0].installedOn").isNotEmpty()
			.jsonPath("$.applied[0].checksumOk").isEqualTo(true)
			.jsonPath("$.applied[1].version").isEqualTo("2")
			.jsonPath("$.pending").isEmpty()
			.jsonPath("$.problems").isEmpty()
			.jsonPath("$.library.current").isEqualTo("0.0.6");
	}

	@Test
	void isForAdminsOnly() {
		this.web.get()
			.uri("/api/db/migrations")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
