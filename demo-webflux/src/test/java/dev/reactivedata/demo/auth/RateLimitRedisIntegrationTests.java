package dev.reactivedata.demo.auth;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits held in Redis: instances share a key's bucket, and with Redis stopped the limit is held in process
 * (fail open to a local bucket, never closed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"demo.rate-limit.redis.enabled=true", "demo.rate-limit.tenant.capacity=3",
		"demo.rate-limit.tenant.refill-tokens=3", "demo.rate-limit.tenant.refill-period=1h",
		"demo.rate-limit.redis.timeout=1s", "reactivedata.cache.command-timeout=500ms" })
@AutoConfigureWebTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitRedisIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	static final PrivateRedis redis = PrivateRedis.start();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
		registry.add("spring.data.redis.url", redis::uri);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private DatabaseClient client;

	@Autowired
	private ApiKeyHasher hasher;

	@Autowired
	private ApiKeyStore keys;

	@Autowired
	private RateLimitProperties properties;

	@Autowired
	private ObjectProvider<SharedRedisConnection> connection;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ObjectProvider<MeterRegistry> meterRegistries;

	@Test
	@Order(1)
	void anotherInstanceTakesFromTheSameBucket() {
		String key = newTenantKey();
		this.connection.getObject().ping().as(StepVerifier::create).expectNext("PONG").verifyComplete();
		get(key).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "2");
		ApiClient caller = this.keys.authenticate(key).block();
		RateLimiter otherInstance = new RateLimiter(this.properties, this.connection, this.meterRegistries);
		otherInstance.consume(caller)
			.as(StepVerifier::create)
			.assertNext(answer -> assertThat(answer.remaining()).isEqualTo(1))
			.verifyComplete();
		get(key).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "0");
		get(key).expectStatus().isEqualTo(429);
		assertThat(redis.command("DBSIZE")).isNotEqualTo("0");
	}

	@Test
	@Order(2)
	void unknownKeysNeverReachRedis() {
		String before = redis.command("DBSIZE");
		for (int i = 0; i < 5; i++) {
			this.web.get().uri("/api/articles").header("X-API-Key", "unknown-" + i).exchange().expectStatus().isUnauthorized()
				.expectHeader().exists("RateLimit-Limit");
		}
		assertThat(redis.command("DBSIZE")).isEqualTo(before);
	}

	@Test
	@Order(3)
	void withRedisStoppedTheLimitIsHeldInProcess() {
		String key = newTenantKey();
		redis.stop();
		double fallbacksBefore = fallbacks();
		for (int remaining = 2; remaining >= 0; remaining--) {
			get(key).expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Limit", "3")
				.expectHeader().valueEquals("RateLimit-Remaining", String.valueOf(remaining));
		}
		get(key).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
		assertThat(fallbacks()).isEqualTo(fallbacksBefore + 4);
	}

	private double fallbacks() {
		return this.meters.counter(RateLimiter.FALLBACKS).count();
	}

	private WebTestClient.ResponseSpec get(String apiKey) {
		return this.web.get().uri("/api/articles").header("X-API-Key", apiKey).exchange();
	}

	private String newTenantKey() {
		return AcmeTenantKeys.create(this.client, this.hasher);
	}

}
