package dev.reactivedata.core.pool;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.test.StepVerifier;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarded pool against a real PostgreSQL: idle connections killed by the server, exhaustion with a leak
 * report, an unreachable database.
 */
class GuardedConnectionPoolIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	@Test
	void allIdleConnectionsTerminatedByTheServerAreReplacedWithoutAnErrorReachingTheCaller() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(4).initialSize(4));
		try {
			DatabaseClient client = DatabaseClient.create(pool);
			pool.warmup().as(StepVerifier::create).expectNext(4).verifyComplete();
			terminateApplicationBackends().as(StepVerifier::create)
				.assertNext(terminated -> assertThat(terminated).isGreaterThanOrEqualTo(4))
				.verifyComplete();
			Flux.range(0, 8)
				.flatMap(i -> client.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class)).one(), 4)
				.count()
				.as(StepVerifier::create)
				.expectNext(8L)
				.verifyComplete();
			assertThat(pool.state()).isIn(PoolState.DEGRADED, PoolState.RECOVERING);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void oneDeadConnectionInvalidatesEveryIdleOneAtOnce() {
		// Connections found dead by a validation (r2dbc-proxy may report one validation more than once).
		Set<Object> failedValidations = ConcurrentHashMap.newKeySet();
		ConnectionFactory counted = ProxyConnectionFactory
			.builder(dataLayer.database().connectionFactory(CoreDataLayer.APP_ROLE, CoreDataLayer.APP_ROLE))
			.listener(new ProxyExecutionListener() {
				@Override
				public void afterMethod(MethodExecutionInfo info) {
					if ("validate".equals(info.getMethod().getName()) && Boolean.FALSE.equals(info.getResult())) {
						failedValidations.add(info.getTarget());
					}
				}
			})
			.build();
		GuardedConnectionPool pool = GuardedConnectionPool.create(counted,
				PoolOptions.builder().maxSize(4).initialSize(4).createTimeout(Duration.ofSeconds(30)).build());
		try {
			pool.warmup().as(StepVerifier::create).expectNext(4).verifyComplete();
			terminateApplicationBackends().as(StepVerifier::create)
				.assertNext(terminated -> assertThat(terminated).isGreaterThanOrEqualTo(4))
				.verifyComplete();
			DatabaseClient.create(pool).sql("SELECT 1").then().as(StepVerifier::create).verifyComplete();
			assertThat(failedValidations).as("connections found dead by a validation").hasSize(1);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void exhaustedPoolFailsWithinTheAcquireTimeoutAndTheLeakReportNamesTheHolder() {
		GuardedConnectionPool pool = pool(PoolOptions.builder()
			.maxSize(1)
			.initialSize(1)
			.acquireTimeout(Duration.ofMillis(500))
			.leakThreshold(Duration.ofMillis(200)));
		// Open the connection first: the first connect of a JVM may take longer than this short acquire timeout.
		pool.warmup().as(StepVerifier::create).expectNext(1).verifyComplete();
		Connection held = holdAConnection(pool);
		try {
			Mono.from(pool.create())
				.as(StepVerifier::create)
				.expectErrorSatisfies(error -> {
					assertThat(error).isInstanceOf(PoolExhaustedException.class)
						.hasMessageContaining("holdAConnection");
					assertThat(((PoolExhaustedException) error).getHolders()).singleElement()
						.satisfies(holder -> assertThat(holder.callSite())
							.contains(GuardedConnectionPoolIntegrationTests.class.getName() + ".holdAConnection"));
					assertThat(((PoolExhaustedException) error).getRetryAfter()).isPositive();
				})
				.verify(Duration.ofSeconds(10));
			assertThat(pool.leakReport()).singleElement()
				.satisfies(holder -> assertThat(holder.callSite()).contains("holdAConnection"));
			assertThat(pool.state()).isEqualTo(PoolState.DEGRADED);
			DatabaseClient.create(new TenantBindingConnectionFactory(pool))
				.sql("SELECT 1")
				.then()
				.as(StepVerifier::create)
				.expectErrorSatisfies(error -> assertThat(NestedExceptionUtils.getMostSpecificCause(error))
					.isInstanceOfAny(PoolExhaustedException.class, java.util.concurrent.TimeoutException.class))
				.verify(Duration.ofSeconds(10));
		}
		finally {
			Mono.from(held.close()).then(pool.close()).block(Duration.ofSeconds(30));
		}
		assertThat(pool.heldConnections()).isEmpty();
	}

	private static Connection holdAConnection(GuardedConnectionPool pool) {
		// Blocking on the test thread on purpose: the call site of this method is what the leak report must name.
		return Objects.requireNonNull(Mono.from(pool.create()).block(Duration.ofSeconds(30)));
	}

	@Test
	void unreachableDatabaseFailsFastWithATypedError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		GuardedConnectionPool pool = GuardedConnectionPool.create(new PostgresqlConnectionFactory(
				PostgresqlConnectionConfiguration.builder().host("127.0.0.1").port(port).username("nobody").build()),
				PoolOptions.builder().maxSize(2).acquireTimeout(Duration.ofSeconds(3)).build());
		try {
			Mono.from(pool.create())
				.as(StepVerifier::create)
				.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(DatabaseUnavailableException.class)
					.hasMessageContaining("unreachable"))
				.verify(Duration.ofSeconds(10));
			assertThat(pool.state()).isEqualTo(PoolState.DEGRADED);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void singleConnectionPoolServesItsFirstAcquireWithoutWarmUp() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(1).initialSize(1).acquireTimeout(Duration.ofSeconds(30)));
		try {
			DatabaseClient.create(pool).sql("SELECT 1").then().as(StepVerifier::create).verifyComplete();
			DatabaseClient.create(pool).sql("SELECT 1").then().as(StepVerifier::create).verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void acquiresCancelledAsTheConnectionIsHandedOverGiveItBack() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(2).acquireTimeout(Duration.ofSeconds(30)));
		try {
			Flux.range(0, 20_000)
				.flatMap(i -> pool.create()
					.take(Duration.ofNanos(ThreadLocalRandom.current().nextLong(0, 50_000)), Schedulers.parallel())
					.flatMap(connection -> Mono.from(connection.close()))
					// What a careful caller does about its own take: close a handed-out connection it dropped.
					.contextWrite(Context.of("reactor.onNextDropped.local", (Consumer<Object>) dropped -> {
						if (dropped instanceof TrackedConnection connection) {
							Mono.from(connection.close()).subscribe();
						}
					})), 4)
				.then()
				.as(StepVerifier::create)
				.expectComplete()
				.verify(Duration.ofMinutes(2));
			Mono.fromSupplier(() -> pool.getMetrics().map(PoolMetrics::acquiredSize).orElse(-1))
				.filter(acquired -> acquired == 0)
				.repeatWhenEmpty(attempts -> attempts.take(50).delayElements(Duration.ofMillis(100)))
				.as(StepVerifier::create)
				.expectNext(0)
				.expectComplete()
				.verify(Duration.ofSeconds(30));
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void transactionBegunAsSqlAndGivenBackOpenIsRolledBackBeforeTheNextBorrower() {
		insertInTransactionGiveBackOpenAndBorrowAgain("given back open", connection -> Mono.empty());
	}

	@Test
	void failedTransactionGivenBackOpenIsRolledBackBeforeTheNextBorrower() {
		insertInTransactionGiveBackOpenAndBorrowAgain("given back aborted", connection -> execute(connection, "SELECT 1 / 0")
			.onErrorResume(error -> NestedExceptionUtils.getMostSpecificCause(error).getMessage()
				.contains("division by zero") ? Mono.empty() : Mono.error(error)));
	}

	/**
	 * Begins a transaction as SQL on the only connection, inserts a note, runs {@code then}, gives the connection
	 * back without ending the transaction, and checks that the next borrower neither inherits it nor commits it.
	 */
	private void insertInTransactionGiveBackOpenAndBorrowAgain(String what, Function<Connection, Mono<Void>> then) {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(1).acquireTimeout(Duration.ofSeconds(30)));
		UUID tenant = UUID.randomUUID();
		String marker = what + " " + UUID.randomUUID();
		try {
			Mono.usingWhen(pool.create(),
					connection -> execute(connection, "BEGIN")
						.then(execute(connection, "SELECT set_config('app.tenant_id', '" + tenant + "', true)"))
						.then(execute(connection, "INSERT INTO notes (body) VALUES ('" + marker + "')"))
						.then(then.apply(connection)),
					Connection::close)
				.as(StepVerifier::create)
				.verifyComplete();
			nextBorrowerIsInAutoCommitAndCommitsNothing(pool);
			countNotes(marker).as(StepVerifier::create).expectNext(0L).verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void beginAsSqlStillUnansweredWhenItsBorrowerCancelsIsRolledBackBeforeTheNextBorrower() {
		GuardedConnectionPool pool = pool(
				PoolOptions.builder().maxSize(1).initialSize(1).acquireTimeout(Duration.ofSeconds(30)));
		UUID tenant = UUID.randomUUID();
		String marker = "given back unanswered " + UUID.randomUUID();
		try {
			pool.warmup().as(StepVerifier::create).expectNext(1).verifyComplete();
			// The borrower cancels while its BEGIN is under way, and gives the connection back at once.
			Mono.usingWhen(pool.create(),
					connection -> execute(connection, "BEGIN; SELECT set_config('app.tenant_id', '" + tenant + "', true); SELECT pg_sleep(0.3); INSERT INTO notes (body) VALUES ('" + marker + "')"),
					Connection::close)
				.take(Duration.ofMillis(50))
				.as(StepVerifier::create)
				.verifyComplete();
			nextBorrowerIsInAutoCommitAndCommitsNothing(pool);
			countNotes(marker).as(StepVerifier::create).expectNext(0L).verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	/** The next borrower gets no transaction: it is in auto-commit, and its COMMIT commits nothing it did not do. */
	private static void nextBorrowerIsInAutoCommitAndCommitsNothing(GuardedConnectionPool pool) {
		Mono.usingWhen(pool.create(),
				connection -> Mono.fromSupplier(connection::isAutoCommit)
					.flatMap(autoCommit -> execute(connection, "COMMIT").thenReturn(autoCommit)),
				Connection::close)
			.as(StepVerifier::create)
			.expectNext(true)
			.verifyComplete();
	}

	private static Mono<Void> execute(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()).then();
	}

	private static Mono<Long> countNotes(String body) {
		return DatabaseClient.create(dataLayer.database().ownerConnectionFactory())
			.sql("SELECT count(*) AS n FROM notes WHERE body = :body")
			.bind("body", body)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	@Test
	void aStatementWhoseBackendIsTerminatedMarksTheDatabaseLostAtOnce() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(2).initialSize(2));
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		try {
			pool.warmup().as(StepVerifier::create).expectNext(2).verifyComplete();
			// Only the backend of the connection in use dies: the idle one would pass its validation.
			AtomicReference<PoolState> stateAsTheStatementFails = new AtomicReference<>();
			Mono.usingWhen(pool.create(), connection -> backendPid(connection)
				.flatMap(pid -> Mono.when(sleep(connection), terminateBackendSoon(owner, pid)))
				// Before the connection goes back, where the pool's own checks would find it dead.
				.doOnError(error -> stateAsTheStatementFails.set(pool.state())), Connection::close)
				.as(StepVerifier::create)
				.expectErrorSatisfies(error -> assertThat(NestedExceptionUtils.getMostSpecificCause(error))
					.hasMessageContaining("terminating connection"))
				.verify(Duration.ofSeconds(30));
			assertThat(stateAsTheStatementFails).hasValue(PoolState.DEGRADED);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void aCommitOnAConnectionWhoseBackendWasTerminatedMarksTheDatabaseLostAtOnce() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(2).initialSize(2));
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		try {
			pool.warmup().as(StepVerifier::create).expectNext(2).verifyComplete();
			AtomicReference<PoolState> stateAsTheCommitFails = new AtomicReference<>();
			Mono.usingWhen(pool.create(), connection -> Mono.from(connection.beginTransaction())
				.then(backendPid(connection))
				.flatMap(pid -> terminateBackendSoon(owner, pid))
				// The server has closed the socket by the time the commit is sent.
				.then(Mono.delay(Duration.ofMillis(300)))
				.then(Mono.from(connection.commitTransaction()))
				.doOnError(error -> stateAsTheCommitFails.set(pool.state())), Connection::close)
				.as(StepVerifier::create)
				.expectError()
				.verify(Duration.ofSeconds(30));
			assertThat(stateAsTheCommitFails).hasValue(PoolState.DEGRADED);
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	private static Mono<Integer> backendPid(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_backend_pid()").execute())
			.concatMap(result -> result.map(row -> row.get(0, Integer.class)))
			.single();
	}

	private static Mono<Void> sleep(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_sleep(10)").execute())
			.concatMap(result -> result.map(row -> 1))
			.then();
	}

	private static Mono<Void> terminateBackendSoon(DatabaseClient owner, int pid) {
		return Mono.delay(Duration.ofMillis(300))
			.then(owner.sql("SELECT pg_terminate_backend($1)")
				.bind(0, pid)
				.then());
	}

	@Test
	void aResultHandedOnAsItsExecutionIsCancelledCanStillBeRead() {
		// Mono.from(statement.execute()) cancels the execution as its first result arrives, then hands the result on.
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(1).initialSize(1));
		try {
			Mono.usingWhen(pool.create(), connection -> Mono
				.from(connection.createStatement("SELECT g FROM generate_series(1, $1) g").bind("$1", 3).execute())
				.flatMapMany(result -> result.map(row -> row.get(0, Integer.class)))
				.collectList()
				.zipWith(Mono.from(connection.createStatement("SELECT 1 WHERE 1 = $1").bind("$1", 1).execute())
					.flatMap(result -> Mono.from(result.getRowsUpdated()))), Connection::close)
				.as(StepVerifier::create)
				.assertNext(read -> {
					assertThat(read.getT1()).containsExactly(1, 2, 3);
					assertThat(read.getT2()).isEqualTo(1L);
				})
				.expectComplete()
				.verify(Duration.ofSeconds(30));
			DatabaseClient.create(pool).sql("SELECT 1").then().as(StepVerifier::create).verifyComplete();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void poolIsUpWhileConnectionsAreHandedOut() {
		GuardedConnectionPool pool = pool(PoolOptions.builder().maxSize(2));
		try {
			DatabaseClient.create(pool).sql("SELECT 1").then().as(StepVerifier::create).verifyComplete();
			assertThat(pool.state()).isEqualTo(PoolState.UP);
			assertThat(GuardedConnectionPool.find(new TenantBindingConnectionFactory(pool))).containsSame(pool);
			assertThat(pool.getMetrics()).isPresent();
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	@Test
	void aValidationQuerySlowerThanTheValidationTimeoutFailsTheAcquire() {
		GuardedConnectionPool pool = pool(PoolOptions.builder()
			.maxSize(1)
			.validationQuery("SELECT pg_sleep(2)")
			.validationTimeout(Duration.ofMillis(200)));
		try {
			Mono.usingWhen(pool.create(), connection -> Mono.just(connection), Connection::close)
				.as(StepVerifier::create)
				.expectErrorSatisfies(error -> assertThat(NestedExceptionUtils.getMostSpecificCause(error))
					.isInstanceOf(TimeoutException.class)
					.hasMessageContaining("Connection Validation [SELECT pg_sleep(2)]"))
				.verify(Duration.ofSeconds(30));
		}
		finally {
			pool.close().block(Duration.ofSeconds(30));
		}
	}

	private static GuardedConnectionPool pool(PoolOptions.Builder options) {
		return GuardedConnectionPool.create(
				dataLayer.database().connectionFactory(CoreDataLayer.APP_ROLE, CoreDataLayer.APP_ROLE),
				options.createTimeout(Duration.ofSeconds(30)).build());
	}

	private static Mono<Long> terminateApplicationBackends() {
		return DatabaseClient.create(dataLayer.database().ownerConnectionFactory())
			.sql("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND usename = :role")
			.bind("role", CoreDataLayer.APP_ROLE)
			.map(row -> row.get("n", Long.class))
			.one();
	}


}
