package dev.reactivedata.monitoring.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.BindParameterConverter;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrapper classes against r2dbc-proxy's own JDK proxies on real PostgreSQL: listeners must not be able to
 * tell them apart.
 */
class DirectProxyFactoryFactoryIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@Test
	void queryListenerSeesTheSameCallbacksAsWithJdkProxies() {
		RecordingListener jdk = new RecordingListener();
		RecordingListener direct = new RecordingListener();
		readSeries(jdkProxy(jdk)).as(StepVerifier::create).expectNext(List.of(1, 2, 3)).expectComplete()
			.verify(Duration.ofSeconds(10));
		readSeries(directProxy(direct)).as(StepVerifier::create).expectNext(List.of(1, 2, 3)).expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(direct.events).containsExactly("beforeQuery SELECT g FROM generate_series(1, $1) g [3]",
				"eachQueryResult 1 of 1", "eachQueryResult 2 of 2", "eachQueryResult 3 of 3", "afterQuery success")
			.containsExactlyElementsOf(jdk.events);
	}

	@Test
	void methodTracingListenerSeesTheSameCallbacksAsWithJdkProxies() {
		RecordingListener jdk = new TracingListener();
		RecordingListener direct = new TracingListener();
		readSeries(jdkProxy(jdk)).as(StepVerifier::create).expectNext(List.of(1, 2, 3)).expectComplete()
			.verify(Duration.ofSeconds(10));
		readSeries(directProxy(direct)).as(StepVerifier::create).expectNext(List.of(1, 2, 3)).expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(direct.events).contains("beforeMethod createStatement", "beforeMethod get", "afterMethod close")
			.containsExactlyElementsOf(jdk.events);
	}

	@Test
	void subscriberContextReachesTheListenerBeforeTheQuery() {
		RecordingListener listener = new RecordingListener();
		readSeries(directProxy(listener)).contextWrite(context -> context.put("request", "r-1"))
			.as(StepVerifier::create)
			.expectNext(List.of(1, 2, 3))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(listener.requestInContext).containsExactly("r-1");
	}

	@Test
	void timingIncludesConsumption() {
		RecordingListener listener = new RecordingListener();
		Mono.usingWhen(directProxy(listener).create(),
				connection -> Flux.from(connection.createStatement("SELECT 1").execute())
					.concatMap(result -> result.map(row -> row.get(0)))
					.concatMap(value -> Mono.delay(Duration.ofMillis(100)).thenReturn(value))
					.then(),
				Connection::close)
			.as(StepVerifier::create)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(listener.lastDuration).isGreaterThanOrEqualTo(Duration.ofMillis(100));
	}

	@Test
	void fastPathOnlyWhenNobodyTracesMethodsOrConvertsValues() {
		ProxyConfig config = ProxyConfig.builder().listener(new RecordingListener()).build();
		assertThat(FastPath.applies(config)).isTrue();
		config.addListener(new TracingListener());
		assertThat(FastPath.applies(config)).isFalse();
		assertThat(FastPath.applies(ProxyConfig.builder()
			.resultRowConverter((row, method, args, get) -> get.proceed())
			.build())).isFalse();
		assertThat(FastPath.applies(ProxyConfig.builder()
			.bindParameterConverter(new BindParameterConverter() {
			})
			.build())).isFalse();
	}

	@Test
	void cancelledConsumptionIsReportedAsWithJdkProxies() {
		RecordingListener jdk = new RecordingListener();
		RecordingListener direct = new RecordingListener();
		readFirstOfMany(jdkProxy(jdk)).as(StepVerifier::create).expectNext(1).expectComplete()
			.verify(Duration.ofSeconds(10));
		readFirstOfMany(directProxy(direct)).as(StepVerifier::create).expectNext(1).expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(direct.events).endsWith("afterQuery success").containsExactlyElementsOf(jdk.events);
		assertThat(direct.events).filteredOn(event -> event.startsWith("afterQuery")).hasSize(1);
	}

	@Test
	void failedStatementIsReportedAsWithJdkProxies() {
		RecordingListener jdk = new RecordingListener();
		RecordingListener direct = new RecordingListener();
		readMissingTable(jdkProxy(jdk)).as(StepVerifier::create).expectError().verify(Duration.ofSeconds(10));
		readMissingTable(directProxy(direct)).as(StepVerifier::create).expectError().verify(Duration.ofSeconds(10));
		assertThat(direct.events).contains("eachQueryResult error").containsExactlyElementsOf(jdk.events);
	}

	@Test
	void connectionInfoIsKeptAsWithJdkProxies() {
		ConnectionInfoListener jdk = new ConnectionInfoListener();
		ConnectionInfoListener direct = new ConnectionInfoListener();
		readInAndAfterTransaction(jdkProxy(jdk)).as(StepVerifier::create).expectComplete().verify(Duration.ofSeconds(10));
		readInAndAfterTransaction(directProxy(direct)).as(StepVerifier::create).expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(direct.events).containsExactly(
				"connection with an id of PostgresqlConnection open, 1 transactions, 0 commits, 0 rollbacks",
				"connection with an id of PostgresqlConnection open, 1 transactions, 1 commits, 0 rollbacks")
			.containsExactlyElementsOf(jdk.events);
	}

	@Test
	void fastPathWrappersUnwrapToTheDriverAndExposeTheirConfiguration() {
		assertWrappers(new RecordingListener(), DirectConnection.class, DirectStatement.class);
	}

	@Test
	void handlerWrappersUnwrapToTheDriverAndExposeTheirConfiguration() {
		assertWrappers(new TracingListener(), ProxiedConnection.class, ProxiedStatement.class);
	}

	private static void assertWrappers(ProxyExecutionListener listener, Class<?> connectionType, Class<?> statementType) {
		ConnectionFactory factory = directProxy(listener);
		assertThat(factory).isInstanceOf(ProxiedConnectionFactory.class);
		assertThat(((Wrapped<?>) factory).unwrap()).isNotInstanceOf(ProxiedConnectionFactory.class);
		Connection connection = Mono.from(factory.create()).block(Duration.ofSeconds(10));
		try {
			assertThat(connection).isInstanceOf(connectionType);
			Object driverConnection = ((Wrapped<?>) connection).unwrap();
			assertThat(driverConnection).isInstanceOf(PostgresqlConnection.class);
			assertThat(((Wrapped<?>) connection).unwrap(PostgresqlConnection.class)).isSameAs(driverConnection);
			assertThat(((ConnectionHolder) connection).unwrapConnection()).isSameAs(driverConnection);
			assertThat(((ProxyConfigHolder) connection).getProxyConfig().getProxyFactory())
				.isInstanceOf(DirectProxyFactory.class);
			assertThat(connection).hasToString("PostgresqlConnection-proxy [" + driverConnection + "]")
				.hasSameHashCodeAs(driverConnection);
			assertThat(connection.equals(driverConnection)).isTrue();
			Statement statement = connection.createStatement("SELECT 1");
			assertThat(statement).isInstanceOf(statementType);
			assertThat(((Wrapped<?>) statement).unwrap()).isNotInstanceOf(statementType);
		}
		finally {
			Mono.from(connection.close()).block(Duration.ofSeconds(10));
		}
	}

	private static ConnectionFactory driver() {
		return dataLayer.database().ownerConnectionFactory();
	}

	private static ConnectionFactory jdkProxy(ProxyExecutionListener listener) {
		return ProxyConnectionFactory.builder(driver()).listener(listener).build();
	}

	private static ConnectionFactory directProxy(ProxyExecutionListener listener) {
		ProxyConnectionFactory.Builder builder = ProxyConnectionFactory.builder(driver()).listener(listener);
		builder.getProxyConfig().setProxyFactoryFactory(new DirectProxyFactoryFactory());
		return builder.build();
	}

	private static Mono<Integer> readFirstOfMany(ConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				connection -> Flux.from(connection.createStatement("SELECT g FROM generate_series(1, 1000) g").execute())
					.concatMap(result -> result.map(row -> row.get(0, Integer.class)))
					.next(),
				Connection::close);
	}

	private static Mono<Void> readMissingTable(ConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				connection -> Flux.from(connection.createStatement("SELECT * FROM no_such_table").execute())
					.concatMap(result -> result.map(row -> 1))
					.then(),
				Connection::close);
	}

	private static Mono<List<Integer>> readSeries(ConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				connection -> Flux.from(connection.createStatement("SELECT g FROM generate_series(1, $1) g")
					.bind("$1", 3)
					.execute()).concatMap(result -> result.map((row, metadata) -> row.get("g", Integer.class))).collectList(),
				Connection::close);
	}

	private static Mono<Void> readInAndAfterTransaction(ConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				connection -> Mono.from(connection.beginTransaction())
					.then(readOne(connection))
					.then(Mono.from(connection.commitTransaction()))
					.then(readOne(connection)),
				Connection::close);
	}

	private static Mono<Void> readOne(Connection connection) {
		return Flux.from(connection.createStatement("SELECT 1").execute()).concatMap(result -> result.map(row -> 1)).then();
	}

	/** Records the connection's info as each query sees it. */
	private static final class ConnectionInfoListener implements ProxyExecutionListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void beforeQuery(QueryExecutionInfo execution) {
			ConnectionInfo info = execution.getConnectionInfo();
			// Ids count up across every proxy configuration: only whether one was given is compared.
			this.events.add("connection " + (info.getConnectionId().isEmpty() ? "without" : "with") + " an id of "
					+ info.getOriginalConnection().getClass().getSimpleName() + (info.isClosed() ? " closed" : " open") + ", "
					+ info.getTransactionCount() + " transactions, " + info.getCommitCount() + " commits, "
					+ info.getRollbackCount() + " rollbacks");
		}

	}

	/** Records the query callbacks it gets. */
	private static class RecordingListener implements ProxyExecutionListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<Object> requestInContext = new CopyOnWriteArrayList<>();

		volatile Duration lastDuration = Duration.ZERO;

		@Override
		public void beforeQuery(QueryExecutionInfo execution) {
			ContextView context = execution.getValueStore().get(ContextView.class, ContextView.class);
			if (context != null) {
				context.getOrEmpty("request").ifPresent(this.requestInContext::add);
			}
			this.events.add("beforeQuery " + execution.getQueries().get(0).getQuery() + " "
					+ execution.getQueries().get(0).getBindingsList().stream()
						.flatMap(bindings -> bindings.getNamedBindings().stream())
						.map(binding -> binding.getBoundValue().getValue())
						.toList());
		}

		@Override
		public void eachQueryResult(QueryExecutionInfo execution) {
			this.events.add("eachQueryResult " + ((execution.getThrowable() != null) ? "error"
					: execution.getCurrentMappedResult() + " of " + execution.getCurrentResultCount()));
		}

		@Override
		public void afterQuery(QueryExecutionInfo execution) {
			this.lastDuration = execution.getExecuteDuration();
			this.events.add("afterQuery " + (execution.isSuccess() ? "success" : "error"));
		}

	}

	/** Records method calls too, which takes connections off the fast path. */
	private static final class TracingListener extends RecordingListener {

		@Override
		public void beforeMethod(MethodExecutionInfo execution) {
			this.events.add("beforeMethod " + execution.getMethod().getName());
		}

		@Override
		public void afterMethod(MethodExecutionInfo execution) {
			this.events.add("afterMethod " + execution.getMethod().getName());
		}

	}

}
