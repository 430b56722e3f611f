package dev.reactivedata.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A private PostgreSQL primary with one streaming replica ({@code initdb}, then {@code pg_basebackup -R} into a
 * second data directory, both on spare loopback ports under temporary directories), for tests of read routing.
 * {@link #shared()} starts the pair once per JVM and stops it when the JVM exits; each test class takes a
 * database of its own with {@link #createDatabase(String)}, which the replica receives through replication.
 * Tests that delay or stop the replica put it back ({@link #replayDelay(Duration)} with zero,
 * {@link #startReplica()}) when they are done.
 * <p>
 * Blocking (processes, JDBC): call it from test threads only, never from a reactive pipeline.
 */
public final class PrivateReplicatedPostgres implements AutoCloseable {

	private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

	private static @Nullable PrivateReplicatedPostgres shared;

	private final PrivatePostgres primary;

	private final PrivatePostgres replica;

	private boolean replicaRunning = true;

	private PrivateReplicatedPostgres(PrivatePostgres primary, PrivatePostgres replica) {
		this.primary = primary;
		this.replica = replica;
	}

	/**
	 * Starts a new primary and its replica; close the pair after use.
	 * @return the running pair
	 */
	public static PrivateReplicatedPostgres start() {
		PrivatePostgres primary = PrivatePostgres.start();
		try {
			return new PrivateReplicatedPostgres(primary, PrivatePostgres.replicaOf(primary));
		}
		catch (RuntimeException ex) {
			primary.close();
			throw ex;
		}
	}

	/**
	 * Returns the pair of this JVM, started on first use and stopped by a shutdown hook.
	 * @return the running pair
	 */
	public static synchronized PrivateReplicatedPostgres shared() {
		if (shared == null) {
			PrivateReplicatedPostgres started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "rdl-private-replication-stop"));
			shared = started;
		}
		return shared;
	}

	/** @return the primary */
	public PrivatePostgres primary() {
		return this.primary;
	}

	/** @return the streaming replica */
	public PrivatePostgres replica() {
		return this.replica;
	}

	/**
	 * Creates a database on the primary and waits until the replica has it.
	 * @param prefix the start of the database's name, such as the test class's simple name in lower case
	 * @return the database name
	 */
	public String createDatabase(String prefix) {
		String name = (prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_"
				+ UUID.randomUUID().toString().substring(0, 8));
		this.primary.execute("postgres", "CREATE DATABASE " + name);
		awaitReplayed();
		return name;
	}

	/**
	 * Sets the replica's {@code recovery_min_apply_delay} (it receives WAL at once but replays it only after the
	 * delay) and reloads its configuration.
	 * @param delay the delay; zero turns it off
	 */
	public void replayDelay(Duration delay) {
		this.replica.execute("postgres", "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'",
				"SELECT pg_reload_conf()");
	}

	/** Stops the replica (fast shutdown: its clients are disconnected). */
	public synchronized void stopReplica() {
		this.replica.stop();
		this.replicaRunning = false;
	}

	/** Starts the stopped replica again, on the same port, and waits until it accepts connections. */
	public synchronized void startReplica() {
		if (!this.replicaRunning) {
			this.replica.startAgain();
			this.replicaRunning = true;
		}
	}

	/** Waits until the replica has replayed everything the primary has written so far. */
	public void awaitReplayed() {
		String target = Objects.requireNonNull(this.primary.queryValue("postgres", "SELECT pg_current_wal_lsn()"));
		long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			String reached = this.replica.queryValue("postgres",
					"SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn");
			if ("t".equals(reached)) {
				return;
			}
			PrivateRedis.pauseBriefly();
		}
		throw new IllegalStateException("The replica did not replay " + target + " within " + CATCH_UP_TIMEOUT);
	}

	@Override
	public void close() {
		try {
			this.replica.close();
		}
		finally {
			this.primary.close();
		}
	}

}
