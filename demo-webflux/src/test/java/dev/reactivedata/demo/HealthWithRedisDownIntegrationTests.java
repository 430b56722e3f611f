package dev.reactivedata.demo;

import java.io.IOException;
import java.net.ServerSocket;

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
 * With Redis unreachable, reads fall back to the database, so the instance stays healthy and ready: only the
 * {@code cache} group reports Redis down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class HealthWithRedisDownIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) throws IOException {
		dataLayer.registerSpringProperties(registry);
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + deadPort);
	}

	@Autowired
	private WebTestClient web;

	@Test
	void healthReadinessAndLivenessStayUp() {
		this.web.get().uri("/actuator/health")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP");
		this.web.get().uri("/actuator/health/readiness")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP");
		this.web.get().uri("/actuator/health/liveness")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void cacheGroupReportsRedisDown() {
		this.web.get().uri("/actuator/health/cache")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.status").isEqualTo("DOWN")
			.jsonPath("$.components.redis.status").isEqualTo("DOWN");
	}

	@Test
	void adminsSeeWhyRedisIsDown() {
		this.web.get().uri("/actuator/health/details")
			.header("X-API-Key", "demo-admin-key")
			.exchange()
			.expectBody()
			.jsonPath("$.components.redis.status").isEqualTo("DOWN")
			.jsonPath("$.components.redis.details.error").exists();
	}

	@Test
	void articleReadsBypassTheCache() {
		this.web.get().uri("/api/articles/{id}", "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isNotFound();
	}

}
