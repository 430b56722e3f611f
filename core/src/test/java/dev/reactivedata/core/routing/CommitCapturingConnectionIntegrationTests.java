package dev.reactivedata.core.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit's WAL position on a real PostgreSQL: the commit itself sends nothing more and only sends the session's
 * reads to the primary; {@link ConsistencySession#latest()} reads the position afterwards, once, on another
 * connection, and it covers the commit.
 */
class CommitCapturingConnectionIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private final List<String> executed = new CopyOnWriteArrayList<>();

	private final ConnectionFactory primary = ProxyConnectionFactory.builder(dataLayer.database().ownerConnectionFactory())
		.onAfterQuery(execution -> execution.getQueries().stream().map(QueryInfo::getQuery).forEach(this.executed::add))
		.build();

	@Test
	void aCommitSendsNothingMoreAndTheLatestTokenIsReadOnceAfterIt() {
		ConsistencySession session = ConsistencySession.start();
		ConsistencyToken beforeCommit = writeAndCommit(session);
		assertThat(this.executed).doesNotContain(ConsistencySession.POSITION);
		assertThat(session.primaryOnly()).as("reads go to the primary until the position is captured").isTrue();
		assertThat(session.token()).isEmpty();

		session.latest()
			.as(StepVerifier::create)
			.assertNext(token -> assertThat(token).isGreaterThan(beforeCommit))
			.verifyComplete();
		session.latest().as(StepVerifier::create).expectNextCount(1).verifyComplete();
		assertThat(this.executed).containsOnlyOnce(ConsistencySession.POSITION);
		assertThat(session.primaryOnly()).isFalse();
	}

	@Test
	void aSessionThatOnlyReadReadsNoPosition() {
		ConsistencySession session = ConsistencySession.start();
		Mono.usingWhen(Mono.from(this.primary.create()).map(connection -> capturing(connection, session)),
				connection -> update(connection, "SELECT 1"), Connection::close)
			.as(StepVerifier::create)
			.expectNextCount(1)
			.verifyComplete();
		session.latest().as(StepVerifier::create).verifyComplete();
		assertThat(session.primaryOnly()).isFalse();
		assertThat(this.executed).doesNotContain(ConsistencySession.POSITION);
	}

	@Test
	void aRolledBackTransactionDoesNotForgetTheAutoCommitWritesBeforeIt() {
		ConsistencySession session = ConsistencySession.start();
		AtomicReference<ConsistencyToken> afterAutoCommitWrite = new AtomicReference<>();
		Mono.usingWhen(Mono.from(this.primary.create()).map(connection -> capturing(connection, session)),
				connection -> update(connection, "CREATE TABLE IF NOT EXISTS note (body text)")
					.then(update(connection, "INSERT INTO note (body) VALUES ('committed at once')"))
					.then(position(connection).doOnNext(afterAutoCommitWrite::set))
					.then(Mono.from(connection.beginTransaction()))
					.then(update(connection, "INSERT INTO note (body) VALUES ('rolled back')"))
					.then(Mono.from(connection.rollbackTransaction())),
				Connection::close)
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		assertThat(session.primaryOnly()).isTrue();
		session.latest()
			.as(StepVerifier::create)
			.assertNext(token -> assertThat(token).isGreaterThanOrEqualTo(afterAutoCommitWrite.get()))
			.verifyComplete();
	}

	/**
	 * Writes in a transaction on a capturing connection and commits; emits the WAL position the transaction saw after
	 * its write, before its commit.
	 */
	private ConsistencyToken writeAndCommit(ConsistencySession session) {
		AtomicReference<ConsistencyToken> beforeCommit = new AtomicReference<>();
		Mono.usingWhen(Mono.from(this.primary.create()).map(connection -> capturing(connection, session)),
				connection -> Mono.from(connection.beginTransaction())
					.then(update(connection, "CREATE TABLE IF NOT EXISTS note (body text)"))
					.then(update(connection, "INSERT INTO note (body) VALUES ('written')"))
					.then(position(connection).doOnNext(beforeCommit::set))
					.then(Mono.from(connection.commitTransaction())),
				Connection::close)
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(30));
		return beforeCommit.get();
	}

	private Connection capturing(Connection connection, ConsistencySession session) {
		return new CommitCapturingConnection(connection, session, this.primary);
	}

	private static Mono<ConsistencyToken> position(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_current_wal_insert_lsn()::text AS seen").execute())
			.concatMap(result -> result.map(row -> ConsistencyToken.parse(row.get(0, String.class))))
			.single();
	}

	private static Mono<Long> update(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated).then(Mono.just(0L));
	}

}
