package dev.reactivedata.core.pool;

import java.time.Duration;
import java.util.function.Function;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rest of a result whose subscriber cancelled, on a pool of one connection: read within
 * {@link UnreadRows#LIMIT} outside a transaction, else the connection is discarded; left to the driver inside one.
 */
class UnreadRowsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	/**
	 * Rows the server needs far longer than the limit to produce: a set-returning function in the select list
	 * streams them. A bind marker puts the statement on the extended protocol, where the driver hands out its result
	 * before the rows arrive.
	 */
	private static final String ENDLESS = "SELECT generate_series(1, $1)";

	private GuardedConnectionPool pool;

	private DatabaseClient client;

	@BeforeEach
	void openPool() {
		this.pool = GuardedConnectionPool.create(
				dataLayer.database().connectionFactory(CoreDataLayer.APP_ROLE, CoreDataLayer.APP_ROLE),
				PoolOptions.builder().maxSize(1).initialSize(1).createTimeout(Duration.ofSeconds(30)).build());
		this.client = DatabaseClient.create(this.pool);
	}

	@AfterEach
	void closePool() {
		this.pool.close().block(Duration.ofSeconds(30));
	}

	@Test
	void aCancelledResultThatStreamsOnDiscardsItsConnectionAndStopsItsStatement() {
		int before = expectANewBackendAfter(first(this.client.sql(ENDLESS).bind(0, 100_000_000), 10));
		this.client.sql("SELECT count(*) FROM pg_stat_activity WHERE pid = $1")
			.bind(0, before)
			.map(row -> row.get(0, Long.class))
			.one()
			.filter(count -> count == 0)
			.repeatWhenEmpty(100, attempts -> attempts.delayElements(Duration.ofMillis(50)))
			.as(StepVerifier::create)
			.expectNext(0L)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aCancelledResultThatEndsSoonKeepsItsConnection() {
		int before = backendPid().block(Duration.ofSeconds(30));
		first(this.client.sql("SELECT g FROM generate_series(1, 1000) g"), 10).then(backendPid())
			.as(StepVerifier::create)
			.expectNext(before)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aResultNobodyReadsIsBoundedAsACancelledOneIs() {
		// Mono.from cancels the execution as its result arrives; then() drops the result unread.
		expectANewBackendAfter(onTheConnection(
				connection -> Mono.from(connection.createStatement(ENDLESS).bind("$1", 100_000_000).execute()).then()));
	}

	@Test
	void aCancelledResultOfABatchIsBoundedAsAStatementsIs() {
		expectANewBackendAfter(onTheConnection(
				connection -> Flux.from(connection.createBatch().add("SELECT generate_series(1, 100000000)").execute())
					.concatMap(result -> result.map(row -> row.get(0, Integer.class)))
					.take(10)
					.then()));
	}

	@Test
	void insideATransactionACancelledResultIsReadToItsEndAndTheTransactionGoesOn() {
		TransactionalOperator transactional = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		int before = backendPid().block(Duration.ofSeconds(30));
		first(this.client.sql("SELECT g FROM generate_series(1, 500000) g"), 10).then(backendPid())
			.as(transactional::transactional)
			.as(StepVerifier::create)
			.expectNext(before)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	/**
	 * Runs {@code work}, then expects the pool's next statement to run on another backend.
	 * @return the backend before
	 */
	private int expectANewBackendAfter(Mono<?> work) {
		int before = backendPid().block(Duration.ofSeconds(30));
		work.then(backendPid())
			.as(StepVerifier::create)
			.assertNext(after -> assertThat(after).as("backend afterwards").isNotEqualTo(before))
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		return before;
	}

	private Mono<Void> onTheConnection(Function<Connection, Mono<Void>> work) {
		return Mono.usingWhen(this.pool.create(), work, Connection::close);
	}

	private static Mono<Long> first(DatabaseClient.GenericExecuteSpec statement, int rows) {
		return statement.map(row -> row.get(0, Integer.class)).all().take(rows).count();
	}

	private Mono<Integer> backendPid() {
		return this.client.sql("SELECT pg_backend_pid()").map(row -> row.get(0, Integer.class)).one();
	}

}
