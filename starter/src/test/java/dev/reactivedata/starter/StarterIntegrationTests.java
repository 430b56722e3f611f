package dev.reactivedata.starter;

import dev.reactivedata.cache.aside.ReactiveCaches;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter alone brings a working data layer: PostgreSQL through R2DBC with the library's migrations, query
 * monitoring and the Redis cache, from Spring Boot's standard keys.
 */
@SpringBootTest(classes = StarterIntegrationTests.Application.class,
		properties = { "spring.r2dbc.username=rdl_starter", "spring.r2dbc.password=unused" })
class StarterIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DatabaseClient databaseClient;

	@Test
	void queriesAreObservedByTheQueryMonitor() {
		this.databaseClient.sql("SELECT count(*) FROM audit_log")
			.map(row -> row.get(0, Long.class))
			.one()
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
		assertThat(this.context.getBean(QueryMonitor.class).knownShapes())
			.anySatisfy(shape -> assertThat(shape.sql()).contains("audit_log"));
	}

	@Test
	void cacheTalksToRedis() {
		assertThat(this.context.getBeansOfType(ReactiveCaches.class)).hasSize(1);
		this.context.getBean(SharedRedisConnection.class)
			.ping()
			.as(StepVerifier::create)
			.expectNext("PONG")
			.verifyComplete();
	}

	@SpringBootApplication
	static class Application {

	}

}
