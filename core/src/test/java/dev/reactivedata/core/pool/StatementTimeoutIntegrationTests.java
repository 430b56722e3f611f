package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.Objects;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.PrivatePostgres;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-side statement timeout: a slow statement ({@code pg_sleep}) and a half-dead backend (stopped with
 * {@code SIGSTOP} on a private server, so the socket stays open and silent) both fail with
 * {@link StatementTimeoutException}; the connection is discarded, not given back, and the next request runs on a
 * new one. A repository call or unit of work sets its own timeout in the Reactor Context.
 */
class StatementTimeoutIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	@Test
	void slowStatementTimesOutAndItsConnectionIsDiscarded() {
		GuardedConnectionPool pool = pool(dataLayer.database().ownerConnectionFactory(), Duration.ofMillis(300));
		try {
			DatabaseClient client = DatabaseClient.create(pool);
			Integer before = backendPid(client).block(Duration.ofSeconds(30));
			client.sql("SELECT pg_sleep(30)").fetch().rowsUpdated()
				.as(StepVerifier::create)
				.expectError(StatementTimeoutException.class)
				.verify(Duration.ofSeconds(30));
			backendPid(client).as(StepVerifier::create)
				.assertNext(after -> assertThat(after).as("a new connection").isNotEqualTo(before))
				.verifyComplete();
			assertThat(pool.getMetrics().map(PoolMetrics::acquiredSize)).contains(0);
			// The sleeping backend was cancelled on the server.
			DatabaseClient.create(dataLayer.database().ownerConnectionFactory())
				.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = :pid AND state = 'active'")
				.bind("pid", Objects.requireNonNull(before))
				.map(row -> row.get("n", Long.class))
				.one()
				.filter(active -> active == 0)
				.repeatWhenEmpty(attempts -> attempts.take(100).delayElements(Duration.ofMillis(100)))
				.as(StepVerifier::create)
				.expectNext(0L)
				.verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void slowBatchTimesOutAsAStatementDoes() {
		GuardedConnectionPool pool = pool(dataLayer.database().ownerConnectionFactory(), Duration.ofMillis(300));
		try {
			Mono.usingWhen(pool.create(),
					connection -> Flux.from(connection.createBatch().add("SELECT pg_sleep(30)").add("SELECT 1").execute())
						.concatMap(Result::getRowsUpdated)
						.then(),
					Connection::close)
				.as(StepVerifier::create)
				.expectError(StatementTimeoutException.class)
				.verify(Duration.ofSeconds(30));
			assertThat(pool.getMetrics().map(PoolMetrics::acquiredSize)).contains(0);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void timeoutOfTheContextOverridesThePoolsDefault() {
		GuardedConnectionPool pool = pool(dataLayer.database().ownerConnectionFactory(), Duration.ZERO);
		try {
			DatabaseClient client = DatabaseClient.create(pool);
			client.sql("SELECT pg_sleep(30)").fetch().rowsUpdated()
				.contextWrite(StatementTimeout.of(Duration.ofMillis(300)))
				.as(StepVerifier::create)
				.expectError(StatementTimeoutException.class)
				.verify(Duration.ofSeconds(30));
			client.sql("SELECT pg_sleep(0.5)").fetch().rowsUpdated()
				.contextWrite(StatementTimeout.of(Duration.ofSeconds(20)))
				.as(StepVerifier::create)
				.expectNext(1L)
				.verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void stoppedBackendTimesOutAndTheNextRequestRunsOnANewConnection() throws Exception {
		try (PrivatePostgres server = PrivatePostgres.start()) {
			GuardedConnectionPool pool = pool(server.connectionFactory("postgres"), Duration.ofMillis(500));
			try {
				DatabaseClient client = DatabaseClient.create(pool);
				int pid = Objects.requireNonNull(backendPid(client).block(Duration.ofSeconds(30)));
				assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(pid)).start().waitFor()).isZero();
				try {
					client.sql("SELECT 1").fetch().rowsUpdated()
						.as(StepVerifier::create)
						.expectError(StatementTimeoutException.class)
						.verify(Duration.ofSeconds(30));
					backendPid(client).as(StepVerifier::create)
						.assertNext(next -> assertThat(next).isNotEqualTo(pid))
						.verifyComplete();
					assertThat(pool.state()).as("one half-dead backend is not a lost database").isEqualTo(PoolState.UP);
				}
				finally {
					new ProcessBuilder("kill", "-CONT", String.valueOf(pid)).start().waitFor();
				}
			}
			finally {
				pool.close().block(Duration.ofSeconds(30));
			}
		}
	}

	private static GuardedConnectionPool pool(ConnectionFactory driver, Duration statementTimeout) {
		return GuardedConnectionPool.create(driver, PoolOptions.builder()
			.maxSize(1)
			.acquireTimeout(Duration.ofSeconds(30))
			.createTimeout(Duration.ofSeconds(30))
			.statementTimeout(statementTimeout)
			.build());
	}

	private static Mono<Integer> backendPid(DatabaseClient client) {
		return client.sql("SELECT pg_backend_pid() AS pid").map(row -> row.get("pid", Integer.class)).one();
	}

}
