package dev.reactivedata.core.seed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The operations behind {@code db seed}: run the {@link Seeder}s of a profile in order, record that the profile
 * seeded, tell whether the database is empty, and clear what a profile created (seeders in reverse order). Works
 * as the schema owner. Every publisher is cold; refusals are {@link SeedException}s.
 */
public final class SeedOperations {

	private final List<Seeder> seeders;

	private final DatabaseClient owner;

	private final SeedLedger ledger;

	private final TransactionalOperator transactions;

	/**
	 * Creates the operations.
	 * @param seeders the application's seeders, in the order they seed
	 * @param owner connections as the schema owner (Flyway's user)
	 */
	public SeedOperations(List<Seeder> seeders, ConnectionFactory owner) {
		this.seeders = List.copyOf(Objects.requireNonNull(seeders, "seeders must not be null"));
		Objects.requireNonNull(owner, "owner must not be null");
		this.owner = DatabaseClient.create(owner);
		this.ledger = new SeedLedger(this.owner);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(owner));
	}

	/**
	 * Names the profiles the seeders take part in.
	 * @return the profiles, sorted
	 */
	public Set<String> profiles() {
		Set<String> profiles = new TreeSet<>();
		this.seeders.forEach(seeder -> profiles.addAll(seeder.profiles()));
		return profiles;
	}

	/**
	 * Seeds a profile: runs its seeders in order and records the run. Seeding again adds only what is missing.
	 * @param profile the profile
	 * @param scale the scale, at least 1
	 * @param progress where long work reports progress
	 * @return what each seeder created; a {@link SeedException} for an unknown profile or scale
	 */
	public Mono<SeedReport> seed(String profile, int scale, SeedProgress progress) {
		Objects.requireNonNull(profile, "profile must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return Mono.defer(() -> {
			if (scale < 1) {
				return Mono.error(new SeedException("--scale must be at least 1, was " + scale));
			}
			List<Seeder> seeders = of(profile);
			if (seeders.isEmpty()) {
				return Mono.error(unknown(profile));
			}
			SeedContext context = new SeedContext(profile, scale, this.owner, progress, this.ledger, this.transactions);
			return this.ledger.create()
				.then(run(seeders, seeder -> seeder.seed(context)))
				.flatMap(counts -> this.ledger.recordRun(profile, scale, total(counts).total())
					.thenReturn(new SeedReport(profile, scale, counts, total(counts))));
		});
	}

	/**
	 * Seeds a profile when the database is {@linkplain #check() empty}, as an application's start-up does.
	 * @param profile the profile
	 * @return {@code true} when it seeded, {@code false} when the database held rows
	 */
	public Mono<Boolean> seedIfEmpty(String profile) {
		return check().flatMap(check -> check.empty() ? seed(profile, 1, SeedProgress.NONE).thenReturn(true)
				: Mono.just(false));
	}

	/**
	 * Clears what a profile created: runs its seeders' {@link Seeder#clear} in reverse order and forgets the run.
	 * @param profile the profile
	 * @return what each seeder removed; a {@link SeedException}, with nothing changed, when the profile did not seed
	 */
	public Mono<SeedReport> clear(String profile) {
		Objects.requireNonNull(profile, "profile must not be null");
		return Mono.defer(() -> {
			List<Seeder> seeders = new ArrayList<>(of(profile));
			if (seeders.isEmpty()) {
				return Mono.error(unknown(profile));
			}
			Collections.reverse(seeders);
			SeedContext context = new SeedContext(profile, 1, this.owner, SeedProgress.NONE, this.ledger, this.transactions);
			return this.ledger.seeded(profile).flatMap(seeded -> {
				if (!seeded) {
					return Mono.error(new SeedException("profile '" + profile + "' did not seed this database; nothing to clear"));
				}
				return run(seeders, seeder -> seeder.clear(context))
					.flatMap(counts -> this.ledger.forget(profile).thenReturn(new SeedReport(profile, 1, counts, total(counts))));
			});
		});
	}

	/**
	 * Lists the tables of the current schema that hold rows, and the profiles that seeded.
	 * @return the check
	 */
	public Mono<SeedCheck> check() {
		// The library's bookkeeping is not data: migration histories, the seed ledger, and the audit log's chains
		// (links, where each chain continues after entries were deleted, which clearing a profile also does, and
		// where its sealer resumes).
		Mono<List<String>> tables = this.owner
			.sql("SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
					+ "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
					+ "AND c.relname NOT LIKE '%schema_history' AND c.relname NOT IN ('" + SeedLedger.RUNS + "', '"
					+ SeedLedger.KEYS + "', 'audit_log_chain', 'audit_log_anchor', 'audit_log_seal_state', 'audit_log_seal_writer') "
					+ "ORDER BY 1")
			.map(row -> row.get("name", String.class))
			.all()
			.concatMap(table -> this.owner.sql("SELECT EXISTS (SELECT 1 FROM " + quote(table) + ") AS rows")
				.map(row -> Boolean.TRUE.equals(row.get("rows", Boolean.class)))
				.one()
				.filter(Boolean::booleanValue)
				.map(rows -> table))
			.collectList();
		Mono<List<String>> profiles = this.owner.sql("SELECT to_regclass('" + SeedLedger.RUNS + "') IS NOT NULL AS ledger")
			.map(row -> Boolean.TRUE.equals(row.get("ledger", Boolean.class)))
			.one()
			.flatMap(ledger -> !ledger ? Mono.just(List.<String>of())
					: this.owner.sql("SELECT profile FROM " + SeedLedger.RUNS + " ORDER BY profile")
						.map(row -> row.get("profile", String.class))
						.all()
						.collectList());
		return Mono.zip(tables, profiles).map(both -> new SeedCheck(both.getT1(), both.getT2()));
	}

	private List<Seeder> of(String profile) {
		return this.seeders.stream().filter(seeder -> seeder.profiles().contains(profile)).toList();
	}

	private SeedException unknown(String profile) {
		return new SeedException("no seeder takes part in profile '" + profile + "'; profiles: " + profiles());
	}

	private static Mono<Map<String, SeedCounts>> run(List<Seeder> seeders,
			Function<Seeder, Mono<SeedCounts>> step) {
		return Flux.fromIterable(seeders)
			.concatMap(seeder -> step.apply(seeder).defaultIfEmpty(SeedCounts.none()).map(counts -> Map.entry(seeder.name(), counts)))
			.collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
	}

	private static SeedCounts total(Map<String, SeedCounts> counts) {
		return counts.values().stream().reduce(SeedCounts.none(), SeedCounts::plus);
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
