package dev.reactivedata.demo.bench;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark-only route: off unless enabled, and answering exactly the bytes it was given.
 */
class BenchmarkRoutesConfigurationUnitTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(BenchmarkRoutesConfiguration.class);

	@Test
	void isOffByDefault() {
		this.contexts.run(context -> assertThat(context).doesNotHaveBean("benchmarkRoutes"));
		this.contexts.withPropertyValues("demo.bench.routes.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean("benchmarkRoutes"));
	}

	@Test
	void isOnWhenEnabled() {
		this.contexts.withPropertyValues("demo.bench.routes.enabled=true")
			.run(context -> assertThat(context).hasBean("benchmarkRoutes"));
	}

	@Test
	void answersTheStoredBytes() {
		byte[] article = "{\"id\":\"1\",\"title\":\"Stored\"}".getBytes(StandardCharsets.UTF_8);
		WebTestClient web = WebTestClient.bindToRouterFunction(new BenchmarkRoutesConfiguration().benchmarkRoutes()).build();
		web.put().uri(BenchmarkRoutesConfiguration.PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(article)
			.exchange()
			.expectStatus().isNoContent();
		web.get().uri(BenchmarkRoutesConfiguration.PATH)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody(byte[].class).isEqualTo(article);
	}

}
