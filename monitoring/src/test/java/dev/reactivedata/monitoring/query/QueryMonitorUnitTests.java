package dev.reactivedata.monitoring.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.core.ValueStore;
import io.r2dbc.proxy.test.MockQueryExecutionInfo;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;

class QueryMonitorUnitTests {

	private final QueryMonitor monitor = QueryMonitor.create(
			QueryMonitorOptions.builder().slowThreshold(Duration.ofMillis(100)).nPlusOneThreshold(3).queryBudget(10).build(),
			Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), new MockClock());

	@Test
	void statementsInAScopeAreCountedPerShape() {
		QueryScope scope = this.monitor.openScope("req-1", "GET /x");
		execute("SELECT * FROM t WHERE id = $1", scope.writeTo(Context.empty()), Duration.ofMillis(1), 1);
		execute("SELECT * FROM t WHERE id = $1", scope.writeTo(Context.empty()), Duration.ofMillis(1), 1);
		execute("SELECT * FROM u", scope.writeTo(Context.empty()), Duration.ofMillis(1), 3);
		assertThat(scope.statementCount()).isEqualTo(3);
		assertThat(scope.statementsByShape().values()).containsExactlyInAnyOrder(2, 1);
	}

	@Test
	void statementsWhileAcquiringAreNotCounted() {
		QueryScope scope = this.monitor.openScope("req-1", "GET /x");
		execute("SELECT 1", QueryScope.markAcquisition(scope.writeTo(Context.empty())), Duration.ofMillis(1), 1);
		assertThat(scope.statementCount()).isZero();
		assertThat(this.monitor.statistics().totals().queries()).isEqualTo(1);
	}

	@Test
	void nPlusOneRaisesOneEventPerShapeWithTheCount() {
		QueryScope scope = this.monitor.openScope("req-2", "GET /articles");
		for (int i = 0; i < 5; i++) {
			execute("SELECT * FROM comments WHERE article_id = $1", scope.writeTo(Context.empty()), Duration.ofMillis(1), 1);
		}
		execute("SELECT * FROM articles", scope.writeTo(Context.empty()), Duration.ofMillis(1), 5);
		List<RequestQueryEvent> events = this.monitor.close(scope);
		assertThat(events).singleElement().satisfies(event -> {
			assertThat(event.kind()).isEqualTo(RequestQueryEvent.Kind.N_PLUS_ONE);
			assertThat(event.count()).isEqualTo(5);
			assertThat(event.limit()).isEqualTo(3);
			assertThat(event.sql()).isEqualTo("SELECT * FROM comments WHERE article_id = ?");
			assertThat(event.correlationId()).isEqualTo("req-2");
		});
		assertThat(this.monitor.close(scope)).isEmpty();
	}

	@Test
	void budgetRaisesOneEvent() {
		QueryScope scope = this.monitor.openScope("req-3", "GET /many");
		for (int i = 0; i < 11; i++) {
			execute("SELECT " + "a".repeat(i + 1) + " FROM t", scope.writeTo(Context.empty()), Duration.ofMillis(1), 1);
		}
		assertThat(this.monitor.close(scope)).singleElement()
			.satisfies(event -> assertThat(event.kind()).isEqualTo(RequestQueryEvent.Kind.BUDGET_EXCEEDED));
	}

	@Test
	void slowStatementsAreLoggedWithCorrelationIdAndStreamed() {
		QueryScope scope = this.monitor.openScope("req-4", "GET /slow");
		StepVerifier.create(this.monitor.slowQueries().events().take(1))
			.then(() -> execute("SELECT pg_sleep(1)", scope.writeTo(Context.empty()), Duration.ofMillis(250), 1))
			.assertNext(slow -> {
				assertThat(slow.durationMs()).isEqualTo(250.0);
				assertThat(slow.correlationId()).isEqualTo("req-4");
				assertThat(slow.sql()).isEqualTo("SELECT pg_sleep(?)");
				assertThat(slow.rows()).isEqualTo(1);
			})
			.verifyComplete();
		execute("SELECT fast", Context.empty(), Duration.ofMillis(5), 1);
		assertThat(this.monitor.slowQueries().recent()).hasSize(1);
		assertThat(this.monitor.statistics().totals().slow()).isEqualTo(1);
	}

	@Test
	void slowLogKeepsTheLastEntriesNewestFirst() {
		SlowQueryLog log = new SlowQueryLog(Duration.ofMillis(1), 2);
		for (int i = 0; i < 3; i++) {
			log.add(new SlowQuery("s" + i, "SELECT", i, 0, true, Instant.EPOCH, null));
		}
		assertThat(log.recent()).extracting(SlowQuery::shapeId).containsExactly("s2", "s1");
		assertThat(log.total()).isEqualTo(3);
	}

	@Test
	void timersArePerShapeAndOutcomeWithRows() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.monitor.metrics().bindTo(registry);
		execute("SELECT * FROM t WHERE id = 7", Context.empty(), Duration.ofMillis(3), 2);
		execute("UPDATE t SET a = 1", Context.empty(), Duration.ofMillis(3), -5);
		Timer timer = registry.get(QueryMetrics.Names.QUERY).tag("operation", "select").tag("outcome", "success").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(registry.get(QueryMetrics.Names.ROWS).tag("operation", "update").summary().totalAmount()).isEqualTo(5);
		assertThat(registry.get(QueryMetrics.Names.ROWS).tag("operation", "select").summary().totalAmount()).isEqualTo(2);
		assertThat(registry.find(QueryMetrics.Names.QUERY).timers()).allSatisfy(meter -> {
			assertThat(meter.getId().getTag("shape")).matches("[0-9a-f]{12}");
			assertThat(meter.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
				.containsExactlyInAnyOrder("shape", "operation", "outcome");
		});
	}

	/**
	 * Replays what r2dbc-proxy does for one execution: beforeQuery with the subscriber's context in the value
	 * store, one eachQueryResult per mapped row (or one row count for DML, passed as a negative number here),
	 * then afterQuery.
	 */
	private void execute(String sql, ContextView context, Duration duration, int rows) {
		ValueStore store = ValueStore.create();
		store.put(ContextView.class, context);
		QueryExecutionInfo before = MockQueryExecutionInfo.builder().queryInfo(new QueryInfo(sql)).valueStore(store).build();
		this.monitor.listener().beforeQuery(before);
		if (rows < 0) {
			this.monitor.listener().eachQueryResult(MockQueryExecutionInfo.builder().queryInfo(new QueryInfo(sql))
				.valueStore(store).currentMappedResult((long) -rows).build());
		}
		for (int i = 0; i < rows; i++) {
			this.monitor.listener().eachQueryResult(MockQueryExecutionInfo.builder().queryInfo(new QueryInfo(sql))
				.valueStore(store).currentMappedResult(new Object()).build());
		}
		this.monitor.listener().afterQuery(MockQueryExecutionInfo.builder().queryInfo(new QueryInfo(sql)).valueStore(store)
			.isSuccess(true).executeDuration(duration).build());
	}

}
