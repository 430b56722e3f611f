package dev.reactivedata.demo.seed;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.demo.auth.ApiKeyHasher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * On an empty database, creates the demo tenants {@code acme} and {@code globex}, a key for each and an admin
 * key. The demo keys follow the pattern {@code demo-<name>-key}; only their keyed hashes are stored.
 * Enabled by {@code demo.seed.enabled} (on in the default profile); never while a {@code db} command runs.
 */
@Component
@ConditionalOnBooleanProperty("demo.seed.enabled")
@ConditionalOnBooleanProperty(name = DbCommandLine.ACTIVE_PROPERTY, havingValue = false, matchIfMissing = true)
class DemoSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoSeeder.class);

	private static final List<DemoTenant> TENANTS = List.of(new DemoTenant("acme", "Acme Corporation"),
			new DemoTenant("globex", "Globex Corporation"));

	private static final String ADMIN = "admin";

	private final DatabaseClient client;

	private final TransactionalOperator transactions;

	private final ApiKeyHasher hasher;

	DemoSeeder(DatabaseClient client, TransactionalOperator transactions, ApiKeyHasher hasher) {
		this.client = client;
		this.transactions = transactions;
		this.hasher = hasher;
	}

	@Override
	public void run(ApplicationArguments args) {
		// Start-up, on the main thread, before the demo is announced ready: blocking here is intended.
		seedIfEmpty().block(Duration.ofSeconds(30));
	}

	Mono<Void> seedIfEmpty() {
		return this.client.sql("SELECT EXISTS (SELECT 1 FROM tenants) AS seeded")
			.map(row -> Boolean.TRUE.equals(row.get("seeded", Boolean.class)))
			.one()
			.flatMap(seeded -> seeded ? Mono.empty() : seed().as(this.transactions::transactional)
				.doOnSuccess(done -> logger.info("Seeded demo tenants " + TENANTS.stream().map(DemoTenant::slug).toList()
						+ " and their API keys (demo-<tenant>-key, demo-" + ADMIN + "-key)")));
	}

	private Mono<Void> seed() {
		Mono<Void> tenants = Flux.fromIterable(TENANTS)
			.concatMap(tenant -> this.client
				.sql("INSERT INTO tenants (slug, name) VALUES (:slug, :name) RETURNING id")
				.bind("slug", tenant.slug())
				.bind("name", tenant.name())
				.map(row -> row.get("id", UUID.class))
				.one()
				.flatMap(id -> insertKey(demoKey(tenant.slug()), id)))
			.then();
		return tenants.then(insertKey(demoKey(ADMIN), null));
	}

	private Mono<Void> insertKey(String apiKey, @Nullable UUID tenantId) {
		DatabaseClient.GenericExecuteSpec insert = this.client
			.sql("INSERT INTO api_keys (tenant_id, key_hash, role) VALUES (:tenant, :hash, :role)")
			.bind("hash", this.hasher.hash(apiKey))
			.bind("role", (tenantId != null) ? "TENANT" : "ADMIN");
		insert = (tenantId != null) ? insert.bind("tenant", tenantId) : insert.bindNull("tenant", UUID.class);
		return insert.then();
	}

	private static String demoKey(String name) {
		return "demo-" + name + "-key";
	}

	private record DemoTenant(String slug, String name) {
	}

}
