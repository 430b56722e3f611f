package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.core.internal.FatalConnectionErrors;
import dev.reactivedata.testing.PrivatePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarded pool across a PostgreSQL outage and restart. The server is a private, throw-away instance
 * ({@link PrivatePostgres}): the shared test server is never stopped.
 */
class GuardedConnectionPoolRestartIntegrationTests {

	private static PrivatePostgres server;

	private GuardedConnectionPool pool;

	private DatabaseClient client;

	@BeforeAll
	static void startServer() {
		server = PrivatePostgres.start();
		server.execute("postgres", "CREATE TABLE writes (id integer PRIMARY KEY)");
	}

	@AfterAll
	static void removeServer() {
		server.close();
	}

	@BeforeEach
	void setUp() {
		this.pool = GuardedConnectionPool.create(server.connectionFactory("postgres"), PoolOptions.builder()
			.maxSize(4)
			.initialSize(4)
			.acquireTimeout(Duration.ofSeconds(2))
			// A refused connect fails at once; a generous create timeout only helps the first connect of the JVM.
			.createTimeout(Duration.ofSeconds(15))
			.recoveryPeriod(Duration.ofMillis(200))
			.build());
		this.client = DatabaseClient.create(this.pool);
		this.pool.warmup().as(StepVerifier::create).expectNext(4).verifyComplete();
	}

	@AfterEach
	void tearDown() {
		this.pool.close().block(Duration.ofSeconds(30));
	}

	@Test
	void callsFailFastWithATypedErrorWhileTheServerIsDownAndSucceedAgainAfterItStarts() {
		server.stop();
		try {
			Flux.range(0, 3)
				.concatMap(i -> this.client.sql("SELECT 1").then().materialize())
				.filter(signal -> signal.isOnError())
				.map(signal -> typedCause(signal.getThrowable()))
				.collectList()
				.as(StepVerifier::create)
				// The first call may still find a connection whose close the driver has not processed yet: it fails
				// with the driver's connection error; from then on the pool answers with its typed error.
				.assertNext(errors -> {
					assertThat(errors).hasSize(3);
					assertThat(errors).allSatisfy(error -> assertThat(error instanceof DatabaseUnavailableException
							|| FatalConnectionErrors.isFatal(error)).as(error.toString()).isTrue());
					assertThat(errors.get(2)).isInstanceOf(DatabaseUnavailableException.class);
				})
				.expectComplete()
				.verify(Duration.ofSeconds(3 * 5));
			Mono.from(this.pool.create())
				.as(StepVerifier::create)
				.expectError(DatabaseUnavailableException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(this.pool.state()).isEqualTo(PoolState.DEGRADED);
		}
		finally {
			server.startAgain();
		}
		firstSuccess().as(StepVerifier::create).expectNext(1).verifyComplete();
		firstSuccess().as(StepVerifier::create).expectNext(1).verifyComplete();
		assertThat(this.pool.state()).isIn(PoolState.RECOVERING, PoolState.UP);
	}

	@Test
	void restartDuringTrafficLosesNoAcknowledgedWriteAndRecovers() throws InterruptedException {
		Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		AtomicReference<CountDownLatch> progress = new AtomicReference<>(new CountDownLatch(20));
		Disposable writer = Flux.range(1, 1_000_000)
			.concatMap(id -> this.client.sql("INSERT INTO writes (id) VALUES (:id)")
				.bind("id", id)
				.then()
				.doOnSuccess(done -> {
					acknowledged.add(id);
					progress.get().countDown();
				})
				.onErrorResume(error -> {
					failures.add(error);
					// Back off a little after a failure so the outage is not a busy loop.
					return Mono.delay(Duration.ofMillis(50)).then();
				}))
			.subscribe();
		try {
			assertThat(progress.get().await(30, TimeUnit.SECONDS)).as("writes before the restart").isTrue();
			server.restart();
			progress.set(new CountDownLatch(20));
			assertThat(progress.get().await(30, TimeUnit.SECONDS)).as("writes after the restart").isTrue();
		}
		finally {
			writer.dispose();
		}
		this.client.sql("SELECT id FROM writes")
			.map(row -> row.get("id", Integer.class))
			.all()
			.collect(java.util.stream.Collectors.toSet())
			.as(StepVerifier::create)
			.assertNext(stored -> assertThat(stored).containsAll(acknowledged))
			.verifyComplete();
		assertThat(failures).allSatisfy(failure -> {
			assertThat(failure).isInstanceOf(DataAccessException.class);
			assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).hasMessageNotContaining("validation failed");
		});
	}

	private static Throwable typedCause(Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof PoolUnavailableException) {
				return candidate;
			}
		}
		return error;
	}

	private Mono<Integer> firstSuccess() {
		return this.client.sql("SELECT 1 AS one")
			.map(row -> row.get("one", Integer.class))
			.one()
			.retryWhen(reactor.util.retry.Retry.fixedDelay(100, Duration.ofMillis(100)));
	}

}
