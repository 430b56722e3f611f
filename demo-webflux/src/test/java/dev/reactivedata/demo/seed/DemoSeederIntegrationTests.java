package dev.reactivedata.demo.seed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.demo.auth.ApiKeyHasher;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeding an empty database creates the demo tenants and keys, storing only keyed hashes, and runs once.
 */
@SpringBootTest
class DemoSeederIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@Autowired
	private DatabaseClient client;

	@Autowired
	private ApiKeyHasher hasher;

	@Autowired
	private DemoSeeder seeder;

	@Test
	void seedsTenantsAndStoresOnlyKeyedHashes() {
		this.client.sql("SELECT slug FROM tenants ORDER BY slug")
			.map(row -> row.get("slug", String.class))
			.all()
			.collectList()
			.as(StepVerifier::create)
			.expectNext(List.of("acme", "globex"))
			.verifyComplete();
		this.client.sql("SELECT key_hash FROM api_keys")
			.map(row -> row.get("key_hash", byte[].class))
			.all()
			.collectList()
			.as(StepVerifier::create)
			.assertNext(hashes -> {
				assertThat(hashes).hasSize(3);
				List<byte[]> expected = List.of(this.hasher.hash("demo-acme-key"), this.hasher.hash("demo-globex-key"),
						this.hasher.hash("demo-admin-key"));
				for (byte[] key : expected) {
					assertThat(hashes).anyMatch(stored -> Arrays.equals(stored, key));
				}
				assertThat(hashes).noneMatch(stored -> new String(stored, StandardCharsets.UTF_8).contains("demo-"));
			})
			.verifyComplete();
	}

	@Test
	void seedingTwiceAddsNothing() {
		this.seeder.seedIfEmpty()
			.then(this.client.sql("SELECT count(*) AS n FROM api_keys").map(row -> row.get("n", Long.class)).one())
			.as(StepVerifier::create)
			.expectNext(3L)
			.verifyComplete();
	}

}
