package dev.reactivedata.core.repository;

import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionReadsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static ConnectionFactory factory;

	private static ConnectionReads reads;

	@BeforeAll
	static void start() {
		factory = dataLayer.database().ownerConnectionFactory();
		reads = new ConnectionReads(factory);
	}

	@Test
	void readsTheBoundParametersRows() {
		reads.all("SELECT x FROM generate_series(1, $1) x", 3, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.expectNext(1, 2, 3)
			.verifyComplete();
	}

	@Test
	void oneEmitsNothingForNoRowAndFailsForTwoAsDatabaseClientDoes() {
		reads.one("SELECT x FROM generate_series(1, $1) x", 0, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.verifyComplete();
		reads.one("SELECT x FROM generate_series(1, $1) x", 2, (row, metadata) -> row.get(0, Integer.class))
			.as(StepVerifier::create)
			.verifyError(IncorrectResultSizeDataAccessException.class);
		DatabaseClient.create(factory)
			.sql("SELECT x FROM generate_series(1, $1) x")
			.bind(0, 2)
			.map((row, metadata) -> row.get(0, Integer.class))
			.one()
			.as(StepVerifier::create)
			.verifyError(IncorrectResultSizeDataAccessException.class);
	}

	@Test
	void translatesDriverErrorsAsDatabaseClientDoes() {
		reads.all("SELECT x FROM no_such_table WHERE x = $1", 1, (row, metadata) -> 1)
			.as(StepVerifier::create)
			.verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(BadSqlGrammarException.class)
				.hasMessageContaining("no_such_table"));
	}

	@Test
	void readsOnTheTransactionsConnectionAndLeaveItToTheTransaction() {
		TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(factory));
		Mono<Integer> ours = reads.one("SELECT pg_backend_pid() + $1", 0, (row, metadata) -> row.get(0, Integer.class));
		Mono<Integer> databaseClient = DatabaseClient.create(factory)
			.sql("SELECT pg_backend_pid()")
			.map((row, metadata) -> row.get(0, Integer.class))
			.one();
		// The read comes first: releasing the transaction's holder after it would have dropped the connection, and
		// the statements after it would have run on new ones, outside the transaction.
		transactions.transactional(Flux.concat(ours, databaseClient, ours).collectList())
			.as(StepVerifier::create)
			.assertNext(backends -> assertThat(backends).hasSize(3).containsOnly(backends.get(0)))
			.verifyComplete();
	}

	@Test
	void takesTheConnectionFromTheFactoryOnlyWithoutATransactionContext() {
		assertThat(ConnectionReads.TRANSACTION_CONTEXT_HOLDER).as("Spring's holder key, by name").isNotNull();
		assertThat(ConnectionReads.mayBeInTransaction(Context.of("tenant", 1))).isFalse();
		assertThat(ConnectionReads.mayBeInTransaction(
				TransactionContextManager.getOrCreateContextHolder().apply(Context.empty()))).isTrue();
		assertThat(ConnectionReads.mayBeInTransaction(TransactionContextManager.getOrCreateContext()
			.apply(TransactionContextManager.getOrCreateContextHolder().apply(Context.empty())))).isTrue();
	}

	@Test
	void reportsAFailedAcquireAsDatabaseClientDoes() {
		ConnectionFactory unreachable = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(1)
			.username("nobody")
			.build());
		Class<? extends Throwable> databaseClients = DatabaseClient.create(unreachable)
			.sql("SELECT $1")
			.bind(0, 1)
			.map((row, metadata) -> 1)
			.one()
			.map(Throwable.class::cast)
			.onErrorResume(Mono::just)
			.block(Duration.ofSeconds(30))
			.getClass();
		new ConnectionReads(unreachable).one("SELECT $1", 1, (row, metadata) -> 1)
			.as(StepVerifier::create)
			.verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(databaseClients)
				.isInstanceOf(DataAccessResourceFailureException.class)
				.hasMessageContaining("Failed to obtain R2DBC Connection"));
	}

	@Test
	void givesTheConnectionBackWhenTheReaderCancels() {
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
			.initialSize(1)
			.maxSize(1)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		try {
			Flux<Integer> many = new ConnectionReads(pool).all("SELECT x FROM generate_series(1, $1) x", 100_000,
					(row, metadata) -> row.get(0, Integer.class));
			// With one connection in the pool, a read that kept it would time the next acquire out.
			for (int i = 0; i < 3; i++) {
				many.take(2).as(StepVerifier::create).expectNext(1, 2).verifyComplete();
			}
		}
		finally {
			pool.dispose();
		}
	}

}
