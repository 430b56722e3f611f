package dev.reactivedata.demo.auth;

import java.time.Duration;
import java.util.stream.Collectors;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivateRedisCluster;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
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
 * Rate limits held in a three-master Redis Cluster ({@code spring.data.redis.cluster.nodes}): each key's bucket is
 * one Redis key, so Bucket4j's compare-and-swap script runs on that key's master; a key is refused with 429 after
 * its limit, with the {@code RateLimit-*} and {@code Retry-After} headers, and another instance takes from the same
 * bucket. Redis answers every time: no request falls back to an in-process bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"demo.rate-limit.redis.enabled=true", "demo.rate-limit.tenant.capacity=3",
		"demo.rate-limit.tenant.refill-tokens=3", "demo.rate-limit.tenant.refill-period=1h",
		"demo.rate-limit.redis.timeout=5s", "reactivedata.cache.command-timeout=2s" })
@AutoConfigureWebTestClient
class RateLimitOnRedisClusterIntegrationTests {

	private static final int KEYS = 6;

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private static final PrivateRedisCluster cluster = PrivateRedisCluster.shared();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
		registry.add("spring.data.redis.cluster.nodes", () -> cluster.nodes()
			.stream()
			.map(node -> "127.0.0.1:" + node.port())
			.collect(Collectors.joining(",")));
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
	private ObjectProvider<MeterRegistry> meterRegistries;

	@Autowired
	private MeterRegistry meters;

	@Test
	void eachKeyIsRefusedAfterItsLimitWithTheBucketInTheCluster() {
		assertThat(this.connection.getObject().isCluster()).isTrue();
		double fallbacksBefore = fallbacks();
		long bucketsBefore = buckets();
		for (int i = 0; i < KEYS; i++) {
			String key = newTenantKey();
			for (int remaining = 2; remaining >= 0; remaining--) {
				get(key).expectStatus().isOk()
					.expectHeader().valueEquals("RateLimit-Limit", "3")
					.expectHeader().valueEquals("RateLimit-Remaining", String.valueOf(remaining))
					.expectHeader().exists("RateLimit-Reset");
			}
			get(key).expectStatus().isEqualTo(429)
				.expectHeader().valueEquals("RateLimit-Remaining", "0")
				.expectHeader().exists("Retry-After");
		}
		assertThat(fallbacks()).as("requests limited in process").isEqualTo(fallbacksBefore);
		assertThat(buckets()).as("bucket keys in the cluster").isEqualTo(bucketsBefore + KEYS);
	}

	@Test
	void anotherInstanceTakesFromTheSameBucket() {
		String key = newTenantKey();
		double fallbacksBefore = fallbacks();
		get(key).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "2");
		ApiClient caller = this.keys.authenticate(key).block();
		RateLimiter otherInstance = new RateLimiter(this.properties, this.connection, this.meterRegistries);
		otherInstance.consume(caller)
			.as(StepVerifier::create)
			.assertNext(answer -> assertThat(answer.remaining()).isEqualTo(1))
			.verifyComplete();
		get(key).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "0");
		get(key).expectStatus().isEqualTo(429);
		assertThat(fallbacks()).as("requests limited in process").isEqualTo(fallbacksBefore);
	}

	private long buckets() {
		// KEYS on the cluster connection asks every master.
		return this.connection.getObject()
			.keyCommands()
			.flatMap(commands -> commands.keys(this.properties.redis().keyPrefix() + "*").count())
			.block(Duration.ofSeconds(30));
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
