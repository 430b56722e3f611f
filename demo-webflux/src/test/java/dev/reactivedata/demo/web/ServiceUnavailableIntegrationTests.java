package dev.reactivedata.demo.web;

import java.time.Duration;
import java.util.Objects;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exhausted connection pool answers 503 problem details with {@code Retry-After}, even when the error is
 * raised by authentication (a web filter), and the leak report names who holds the connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The acquire timeout also bounds the first connect of the JVM, which takes seconds on a loaded CI machine.
		properties = { "spring.r2dbc.pool.max-size=1", "spring.r2dbc.pool.initial-size=1",
				"spring.r2dbc.pool.max-acquire-time=10s", "reactivedata.core.pool.leak-threshold=1s" })
@AutoConfigureWebTestClient
class ServiceUnavailableIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private ConnectionFactory connectionFactory;

	@Test
	void exhaustedPoolIsServiceUnavailableWithRetryAfter() {
		Connection held = holdTheOnlyConnection();
		try {
			this.web.mutate().responseTimeout(Duration.ofSeconds(30)).build()
				.get().uri("/api/audit")
				.header("X-API-Key", "demo-acme-key")
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().valueEquals("Retry-After", "1")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status").isEqualTo(503)
				.jsonPath("$.title").isEqualTo("Service Unavailable")
				.jsonPath("$.type").isNotEmpty();
			assertThat(GuardedConnectionPool.find(this.connectionFactory).orElseThrow().leakReport()).singleElement()
				.satisfies(holder -> assertThat(holder.callSite()).contains("holdTheOnlyConnection"));
		}
		finally {
			Mono.from(held.close()).block(Duration.ofSeconds(10));
		}
		this.web.get().uri("/api/audit")
			.header("X-API-Key", "demo-acme-key")
			.exchange()
			.expectStatus().isOk();
	}

	private Connection holdTheOnlyConnection() {
		return Objects.requireNonNull(Mono.from(this.connectionFactory.create()).block(Duration.ofSeconds(30)));
	}

}
