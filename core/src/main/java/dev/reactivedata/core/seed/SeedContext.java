package dev.reactivedata.core.seed;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * What a {@link Seeder} works with: the profile, the scale, a client connected as the schema owner (Flyway's
 * user: it may create and delete what the application role may not), progress, and a ledger of the keys the
 * seeder created for the profile.
 */
public final class SeedContext {

	private final String profile;

	private final int scale;

	private final DatabaseClient owner;

	private final SeedProgress progress;

	private final SeedLedger ledger;

	private final TransactionalOperator transactions;

	SeedContext(String profile, int scale, DatabaseClient owner, SeedProgress progress, SeedLedger ledger,
			TransactionalOperator transactions) {
		this.profile = profile;
		this.scale = scale;
		this.owner = owner;
		this.progress = progress;
		this.ledger = ledger;
		this.transactions = transactions;
	}

	/** @return the profile being seeded or cleared */
	public String profile() {
		return this.profile;
	}

	/** @return the scale ({@code --scale}, at least 1) */
	public int scale() {
		return this.scale;
	}

	/** @return a client connected as the schema owner */
	public DatabaseClient owner() {
		return this.owner;
	}

	/** @return where to report progress */
	public SeedProgress progress() {
		return this.progress;
	}

	/**
	 * Runs work of the {@link #owner()} client, and the keys it {@linkplain #remember remembers}, in one
	 * transaction: all of it or none.
	 * @param <T> the type of the work's value
	 * @param work the work
	 * @return the work's value, once committed
	 */
	public <T> Mono<T> inTransaction(Mono<T> work) {
		return this.transactions.transactional(work);
	}

	/**
	 * Records keys of rows this profile created in a table, so that {@link Seeder#clear} removes only those.
	 * @param table the table
	 * @param keys the keys (primary keys as text)
	 * @return completes once recorded
	 */
	public Mono<Void> remember(String table, Collection<String> keys) {
		Objects.requireNonNull(table, "table must not be null");
		return this.ledger.remember(this.profile, table, List.copyOf(keys));
	}

	/**
	 * Emits the keys this profile created in a table.
	 * @param table the table
	 * @return the remembered keys
	 */
	public Flux<String> remembered(String table) {
		return this.ledger.remembered(this.profile, table);
	}

}
