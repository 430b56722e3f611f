package dev.reactivedata.demo.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.reactivedata.core.seed.SeedContext;
import dev.reactivedata.core.seed.SeedCounts;
import dev.reactivedata.core.seed.Seeder;
import dev.reactivedata.demo.auth.ApiKeyHasher;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The demo tenants {@code acme} and {@code globex}, a key for each and an admin key ({@code demo-<name>-key},
 * stored as keyed hashes): profile {@code test}, and the base of {@code dev} and {@code demo}. Creates only what is
 * missing and remembers what it created, in one transaction, so clearing removes exactly that.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TenantSeeder implements Seeder {

	static final List<DemoTenant> TENANTS = List.of(new DemoTenant("acme", "Acme Corporation"),
			new DemoTenant("globex", "Globex Corporation"));

	static final String ADMIN = "admin";

	private static final String TENANTS_TABLE = "tenants";

	private static final String KEYS_TABLE = "api_keys";

	private final ApiKeyHasher hasher;

	TenantSeeder(ApiKeyHasher hasher) {
		this.hasher = hasher;
	}

	@Override
	public String name() {
		return "tenants";
	}

	@Override
	public Set<String> profiles() {
		return Set.of("test", "dev", "demo");
	}

	@Override
	public Mono<SeedCounts> seed(SeedContext context) {
		DatabaseClient owner = context.owner();
		return context.inTransaction(Flux.fromIterable(TENANTS).concatMap(tenant -> owner
			.sql("INSERT INTO tenants (slug, name) VALUES (:slug, :name) ON CONFLICT (slug) DO NOTHING RETURNING id")
			.bind("slug", tenant.slug())
			.bind("name", tenant.name())
			.map(row -> row.get("id", UUID.class))
			.one()
			.flatMap(id -> context.remember(TENANTS_TABLE, List.of(id.toString()))
				.then(insertKey(context, demoKey(tenant.slug()), id))
				.map(key -> SeedCounts.none().with(TENANTS_TABLE, 1L).with(KEYS_TABLE, key))))
			.concatWith(insertKey(context, demoKey(ADMIN), null).map(key -> SeedCounts.none().with(KEYS_TABLE, key)))
			.reduce(SeedCounts.none(), SeedCounts::plus));
	}

	@Override
	public Mono<SeedCounts> clear(SeedContext context) {
		DatabaseClient owner = context.owner();
		// Keys first: they reference the tenants.
		return context.inTransaction(context.remembered(KEYS_TABLE)
			.collectList()
			.flatMap(keys -> delete(owner, KEYS_TABLE, keys))
			.flatMap(keys -> context.remembered(TENANTS_TABLE)
				.collectList()
				.flatMap(ids -> delete(owner, TENANTS_TABLE, ids))
				.map(tenants -> SeedCounts.none().with(KEYS_TABLE, keys).with(TENANTS_TABLE, tenants))));
	}

	private static Mono<Long> delete(DatabaseClient owner, String table, List<String> ids) {
		return owner.sql("DELETE FROM " + table + " WHERE id::text = ANY(:ids)")
			.bind("ids", ids.toArray(String[]::new))
			.fetch()
			.rowsUpdated();
	}

	/**
	 * Inserts a key unless its hash is there already; emits 1 when it inserted (and remembered) it, else 0.
	 */
	private Mono<Long> insertKey(SeedContext context, String apiKey, @Nullable UUID tenantId) {
		DatabaseClient.GenericExecuteSpec insert = context.owner()
			.sql("INSERT INTO api_keys (tenant_id, key_hash, role) VALUES (:tenant, :hash, :role) "
					+ "ON CONFLICT (key_hash) DO NOTHING RETURNING id")
			.bind("hash", this.hasher.hash(apiKey))
			.bind("role", (tenantId != null) ? "TENANT" : "ADMIN");
		insert = (tenantId != null) ? insert.bind("tenant", tenantId) : insert.bindNull("tenant", UUID.class);
		return insert.map(row -> row.get("id", UUID.class))
			.all()
			.map(UUID::toString)
			.collectList()
			.flatMap(created -> context.remember(KEYS_TABLE, new ArrayList<>(created)).thenReturn((long) created.size()));
	}

	static String demoKey(String name) {
		return "demo-" + name + "-key";
	}

	record DemoTenant(String slug, String name) {
	}

}
