package dev.reactivedata.core.seed;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The library's record of seeding, as the owner: which profiles seeded (with scale and counts), and the keys of
 * rows each profile created. Its tables are created on first use.
 */
final class SeedLedger {

	static final String RUNS = "reactivedata_seed_runs";

	static final String KEYS = "reactivedata_seed_keys";

	private final DatabaseClient owner;

	SeedLedger(DatabaseClient owner) {
		this.owner = owner;
	}

	Mono<Void> create() {
		return this.owner
			.sql("CREATE TABLE IF NOT EXISTS " + RUNS + " (profile text PRIMARY KEY, scale integer NOT NULL, "
					+ "rows bigint NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())")
			.then()
			.then(this.owner.sql("CREATE TABLE IF NOT EXISTS " + KEYS + " (profile text NOT NULL, table_name text NOT NULL, "
					+ "key text NOT NULL, PRIMARY KEY (profile, table_name, key))").then());
	}

	Mono<Boolean> seeded(String profile) {
		return this.owner.sql("SELECT to_regclass('" + RUNS + "') IS NOT NULL AS ledger")
			.map(row -> Boolean.TRUE.equals(row.get("ledger", Boolean.class)))
			.one()
			.flatMap(ledger -> !ledger ? Mono.just(false)
					: this.owner.sql("SELECT EXISTS (SELECT 1 FROM " + RUNS + " WHERE profile = :profile) AS seeded")
						.bind("profile", profile)
						.map(row -> Boolean.TRUE.equals(row.get("seeded", Boolean.class)))
						.one());
	}

	Mono<Void> recordRun(String profile, int scale, long rows) {
		return this.owner
			.sql("INSERT INTO " + RUNS + " (profile, scale, rows) VALUES (:profile, :scale, :rows) "
					+ "ON CONFLICT (profile) DO UPDATE SET scale = GREATEST(" + RUNS + ".scale, EXCLUDED.scale), "
					+ "rows = " + RUNS + ".rows + EXCLUDED.rows, seeded_at = now()")
			.bind("profile", profile)
			.bind("scale", scale)
			.bind("rows", rows)
			.then();
	}

	Mono<Void> forget(String profile) {
		return this.owner.sql("DELETE FROM " + KEYS + " WHERE profile = :profile")
			.bind("profile", profile)
			.then()
			.then(this.owner.sql("DELETE FROM " + RUNS + " WHERE profile = :profile").bind("profile", profile).then());
	}

	Mono<Void> remember(String profile, String table, List<String> keys) {
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		return this.owner
			.sql("INSERT INTO " + KEYS + " (profile, table_name, key) SELECT :profile, :table, unnest(:keys::text[]) "
					+ "ON CONFLICT DO NOTHING")
			.bind("profile", profile)
			.bind("table", table)
			.bind("keys", keys.toArray(String[]::new))
			.then();
	}

	Flux<String> remembered(String profile, String table) {
		return this.owner.sql("SELECT key FROM " + KEYS + " WHERE profile = :profile AND table_name = :table")
			.bind("profile", profile)
			.bind("table", table)
			.map(row -> row.get("key", String.class))
			.all();
	}

}
