package dev.reactivedata.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivedata.bench.external.Pgbench;
import dev.reactivedata.bench.fixture.BenchArticleRepository;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.Servers;
import dev.reactivedata.bench.fixture.data.ArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.CpuPerOperation;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.ServerCpu;
import dev.reactivedata.bench.harness.Settings;
import dev.reactivedata.bench.harness.Side;
import dev.reactivedata.core.codec.ReactiveDataCodecs;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.FileSystemUtils;

/**
 * Point read by id. Ours: {@code ReactiveDataRepository.findById} over our tenant-binding connection factory on
 * r2dbc-pool, with the query monitor's listener on (see {@link Monitored}). Baselines: a hand-written
 * {@link DatabaseClient} query on the same pool, a plain Spring Data repository on the same pool, and
 * {@code pgbench -S} at the same client count, and pgbench sending the repository's own query as it sends its own
 * (what the server and a C client spend on our very statement). To tell the driver's own cost from ours,
 * r2dbc-postgresql alone (one connection per client, no pool, no Spring) runs pgbench's very query on pgbench's
 * database, and the repository's query (twelve columns, under row-level security, mapped by hand) on ours, with
 * the driver's codecs only and with {@link ReactiveDataCodecs} too, as the pool of the other sides has it; and that
 * last query again through a plain r2dbc-pool, through {@link GuardedConnectionPool} and through our tenant binding
 * over it, to tell what each layer adds. Every side also reports the client's and the server's CPU time per read
 * ({@link CpuPerOperation}): where the time goes, side by side.
 */
final class PointReadScenario implements Scenario {

	static final String OURS = "ReactiveDataRepository findById, monitoring on";

	static final String SPRING_DATA = "plain Spring Data repository findById, same pool";

	static final String RAW = "DatabaseClient, same pool";

	static final String PGBENCH = "pgbench -S -M prepared";

	static final String DRIVER = "r2dbc-postgresql alone, pgbench's query, a connection per client";

	static final String DRIVER_ARTICLES = "r2dbc-postgresql alone, the repository's query, a connection per client";

	static final String DRIVER_ARTICLES_CODECS = "r2dbc-postgresql with ReactiveDataCodecs, the repository's query, "
			+ "a connection per client";

	static final String DRIVER_R2DBC_POOL = "r2dbc-postgresql with ReactiveDataCodecs, the repository's query, "
			+ "through a plain r2dbc-pool";

	static final String DRIVER_GUARDED_POOL = "r2dbc-postgresql with ReactiveDataCodecs, the repository's query, "
			+ "through GuardedConnectionPool";

	static final String DRIVER_TENANT_BINDING = "r2dbc-postgresql with ReactiveDataCodecs, the repository's query, "
			+ "through the tenant binding over GuardedConnectionPool";

	/** pgbench -S's statement; the driver prepares it once per connection, as {@code -M prepared} does. */
	static final String PGBENCH_ARTICLES = "pgbench -M prepared, the repository's query (rdl_app, row-level security)";

	static final String PGBENCH_QUERY = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";

	/** Articles pgbench reads on the repository's query, one script each: pgbench draws no UUIDs itself. */
	private static final int PGBENCH_ARTICLE_SCRIPTS = 16;

	private static final int PGBENCH_SCALE = 1;

	@Override
	public String id() {
		return "point-read";
	}

	@Override
	public List<Row> run(BenchContext context) throws IOException {
		BenchFixture fixture = context.fixture();
		int clients = context.settings().concurrency();
		try (DataRepositories ours = DataRepositories.over(Monitored.wrap(fixture.connectionFactory()))) {
			return run(context, fixture, clients, ours.articles());
		}
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, int clients, ArticleDataRepository repository)
			throws IOException {
		BenchArticleRepository plain = BenchFixture.repository(fixture.connectionFactory(), BenchArticleRepository.class);
		DatabaseClient client = BenchFixture.databaseClient(fixture.connectionFactory());
		// Both sides must see the row through row-level security, or they would measure empty reads.
		Objects.requireNonNull(repository.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant()).block(),
				"the repository does not see the loaded articles");
		Objects.requireNonNull(ArticleQueries.findById(client, fixture.randomArticleId()).contextWrite(fixture.withTenant())
			.block(), "DatabaseClient does not see the loaded articles");

		String pgbenchDatabase = fixture.createScratchDatabase("pgbench");
		Pgbench pgbench = new Pgbench(fixture.servers().pgHost(), fixture.servers().pgPort(),
				fixture.servers().adminUser(), pgbenchDatabase);
		// Scale 1: 100,000 accounts (13 MB) stay in shared buffers, as the 10,000 articles ours reads do. At scale 10
		// pgbench's random reads over 1M accounts evict each other from the default 128 MB and measure the page cache.
		pgbench.initialize(PGBENCH_SCALE);
		List<PostgresqlConnection> connections = open(clients, fixture.adminConnectionFactory(pgbenchDatabase), Mono::just);
		Function<PostgresqlConnection, Mono<PostgresqlConnection>> bindTenant = connection -> connection
			.createStatement("SELECT set_config('" + TenantBindingConnectionFactory.DEFAULT_SETTING + "', $1, false)")
			.bind("$1", fixture.tenant().toString())
			.execute()
			.flatMap(result -> result.map((row, metadata) -> 1))
			.then(Mono.just(connection));
		List<PostgresqlConnection> appConnections = open(clients, fixture.appConnectionFactory(), bindTenant);
		List<PostgresqlConnection> codecConnections = open(clients,
				fixture.appConnectionFactory(new ReactiveDataCodecs()), bindTenant);
		// Driver connections bound to the tenant once as they open, behind each pool alone: what a pool adds to the driver.
		ConnectionFactory boundOnce = boundOnce(fixture.appConnectionFactory(new ReactiveDataCodecs()), bindTenant);
		ConnectionPool r2dbcPool = new ConnectionPool(ConnectionPoolConfiguration.builder(boundOnce)
			.initialSize(clients)
			.maxSize(2 * clients)
			.build());
		GuardedConnectionPool guardedPool = fixture.guardedPool("bench-driver", boundOnce);
		// The starter's stack without Spring: connections bound to the caller's tenant as they are borrowed.
		GuardedConnectionPool bindingPool = fixture.guardedPool("bench-binding",
				fixture.appConnectionFactory(new ReactiveDataCodecs()));
		TenantBindingConnectionFactory binding = new TenantBindingConnectionFactory(bindingPool);
		int accounts = 100_000 * PGBENCH_SCALE;
		Path scripts = Files.createTempDirectory("rdl-pgbench-");
		try {
			r2dbcPool.warmup().block(Duration.ofMinutes(1));
			return run(context, fixture, clients, repository, plain, client, pgbench,
					articlesPgbench(fixture, clients, scripts),
					new DriverOnly(connections, connection -> connection.createStatement(PGBENCH_QUERY)
						.bind("$1", ThreadLocalRandom.current().nextInt(1, accounts + 1))
						.execute()
						.flatMap(result -> result.map((row, metadata) -> row.get(0, Integer.class)))),
					new DriverOnly(appConnections, connection -> readArticle(connection, fixture)),
					new DriverOnly(codecConnections, connection -> readArticle(connection, fixture)),
					pooledRead(r2dbcPool, fixture), pooledRead(guardedPool, fixture),
					() -> pooledRead(binding, fixture).get().contextWrite(fixture.withTenant()));
		}
		finally {
			Flux.concat(Flux.fromIterable(connections), Flux.fromIterable(appConnections),
					Flux.fromIterable(codecConnections))
				.flatMap(PostgresqlConnection::close)
				.concatWith(Mono.when(r2dbcPool.disposeLater(), guardedPool.close(), bindingPool.close()))
				.blockLast(Duration.ofMinutes(1));
			FileSystemUtils.deleteRecursively(scripts);
		}
	}

	/**
	 * pgbench on the repository's query, as {@code rdl_app} bound to the tenant for the session: the server's and a
	 * C client's cost of the very statement the driver sends, sent as pgbench sends its own (Bind, Execute, Sync on
	 * the unnamed portal). Each script reads one article, its id a bound parameter.
	 */
	private static Side articlesPgbench(BenchFixture fixture, int clients, Path directory) throws IOException {
		List<Path> scripts = new ArrayList<>();
		Map<String, String> ids = new LinkedHashMap<>();
		List<UUID> loaded = fixture.articleIds();
		for (int i = 0; i < PGBENCH_ARTICLE_SCRIPTS; i++) {
			String variable = "article" + i;
			ids.put(variable, loaded.get(i * loaded.size() / PGBENCH_ARTICLE_SCRIPTS).toString());
			scripts.add(Files.writeString(directory.resolve(variable + ".sql"),
					ArticleQueries.FIND_BY_ID.replace("$1", ":" + variable) + ";\n"));
		}
		Pgbench pgbench = new Pgbench(fixture.servers().pgHost(), fixture.servers().pgPort(), Servers.APP_USER,
				fixture.servers().database());
		Map<String, String> session = Map.of("PGPASSWORD", fixture.servers().appPassword(), "PGOPTIONS",
				"-c " + TenantBindingConnectionFactory.DEFAULT_SETTING + "=" + fixture.tenant());
		return duration -> pgbench.scripted(clients, duration, scripts, ids, session);
	}

	/** The repository's point read on a driver connection, mapped by hand. */
	private static Flux<ArticleQueries.RawArticle> readArticle(Connection connection, BenchFixture fixture) {
		return Flux.from(connection.createStatement(ArticleQueries.FIND_BY_ID)
			.bind("$1", fixture.randomArticleId())
			.execute()).flatMap(result -> result.map(ArticleQueries.RawArticle::from));
	}

	/** The repository's point read on a connection borrowed from {@code pool} and given back after it. */
	private static Supplier<Flux<?>> pooledRead(ConnectionFactory pool, BenchFixture fixture) {
		return () -> Flux.usingWhen(pool.create(), connection -> readArticle(connection, fixture), Connection::close);
	}

	/** The driver's factory, each of its connections bound to the tenant once, as it opens. */
	private static ConnectionFactory boundOnce(PostgresqlConnectionFactory driver,
			Function<PostgresqlConnection, Mono<PostgresqlConnection>> bindTenant) {
		return new ConnectionFactory() {

			@Override
			public Publisher<? extends Connection> create() {
				return driver.create().flatMap(bindTenant);
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return driver.getMetadata();
			}

		};
	}

	/** Opens one driver connection per client, each made ready by {@code prepare}. */
	private static List<PostgresqlConnection> open(int clients, PostgresqlConnectionFactory factory,
			Function<PostgresqlConnection, Mono<PostgresqlConnection>> prepare) {
		return Objects.requireNonNull(Flux.range(0, clients)
			.flatMap(i -> factory.create())
			.concatMap(prepare)
			.collectList()
			.block(Duration.ofMinutes(1)));
	}

	private List<Row> run(BenchContext context, BenchFixture fixture, int clients, ArticleDataRepository repository,
			BenchArticleRepository plain, DatabaseClient client, Pgbench pgbench, Side articlesPgbench, DriverOnly driver,
			DriverOnly articlesDriver, DriverOnly codecsDriver, Supplier<Flux<?>> r2dbcPooled,
			Supplier<Flux<?>> guardedPooled, Supplier<Flux<?>> tenantBound) {
		ServerCpu server = fixture.serverCpu();

		Map<String, Measured> measured = context.trials(id())
			.trialsAtLeast(Settings.TOOL_TRIAL)
			.load(OURS, "ops/s", CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration,
					() -> repository.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())), server))
			.load(SPRING_DATA, "ops/s", CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration,
					() -> plain.findById(fixture.randomArticleId()).contextWrite(fixture.withTenant())), server))
			.load(RAW, "ops/s", CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration,
					() -> ArticleQueries.findById(client, fixture.randomArticleId()).contextWrite(fixture.withTenant())),
					server))
			.load(PGBENCH, "ops/s", CpuPerOperation.of(duration -> pgbench.selectOnly(clients, duration), server))
			.load(PGBENCH_ARTICLES, "ops/s", CpuPerOperation.of(articlesPgbench, server))
			.load(DRIVER, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, driver::read), server))
			.load(DRIVER_ARTICLES, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, articlesDriver::read), server))
			.load(DRIVER_ARTICLES_CODECS, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, codecsDriver::read), server))
			.load(DRIVER_R2DBC_POOL, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, r2dbcPooled), server))
			.load(DRIVER_GUARDED_POOL, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, guardedPooled), server))
			.load(DRIVER_TENANT_BINDING, "ops/s",
					CpuPerOperation.of(duration -> ClosedLoop.run(clients, duration, tenantBound), server))
			.run();
		context.details().note("point read: ours runs with the QueryMonitor listener on; the baselines run without it. pgbench -S reads pgbench_accounts (scale 1: 100,000 accounts, held in shared buffers like the articles ours reads) in its own database at the same client count; pgbench -M prepared also runs the repository's query, as rdl_app bound to the tenant for the session (PGOPTIONS), under row-level security, on " + PGBENCH_ARTICLE_SCRIPTS + " articles (a script each, the id a bound parameter): what the server and a C client spend on our very statement, sent as pgbench sends its own (Bind, Execute, Sync; r2dbc-postgresql also describes and closes a named portal each time); r2dbc-postgresql alone runs the same statement on the same database as the same role, a connection per client, with no pool, Spring or row-level security: the driver's ceiling on this machine; on the repository's query it runs as rdl_app on our database, each connection bound to the tenant once, under row-level security, its twelve columns mapped by hand: the ceiling of the repository's point read; the same with ReactiveDataCodecs registered (as the starter and ours do) isolates what its timestamptz decoding saves; the same connections (bound to the tenant once, as they open) behind a plain r2dbc-pool and behind GuardedConnectionPool (both initial size the client count, at most twice that; no tenant binding per borrow, no Spring) tell what each pool adds to the driver; and behind our tenant binding over GuardedConnectionPool, binding each connection to the reader's tenant as it is borrowed (once, then remembered), what the binding adds: the starter's stack without Spring. Where the time goes: each side's extras give the CPU time per read of the client (this JVM's threads but the JIT compilers, and for pgbench -S the pgbench process) and of the PostgreSQL server (its postmaster and every process it forked), over each trial; on a busy machine they move less than the reads per second.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "point read by id: repository vs raw DatabaseClient (same pool)", OURS, RAW);
		Scenarios.pair(rows, measured, "point read by id: repository vs plain Spring Data repository", OURS, SPRING_DATA);
		Scenarios.pair(rows, measured, "point read by id: repository vs pgbench -S (" + clients + " clients)", OURS, PGBENCH);
		Scenarios.pair(rows, measured, "point read by id: repository vs pgbench -M prepared on the repository's query ("
				+ clients + " clients)", OURS, PGBENCH_ARTICLES);
		Scenarios.pair(rows, measured, "point read: pgbench on the repository's query vs pgbench -S (" + clients
				+ " clients)", PGBENCH_ARTICLES, PGBENCH);
		Scenarios.pair(rows, measured,
				"point read: r2dbc-postgresql alone vs pgbench -M prepared, both on the repository's query (" + clients
						+ " clients)", DRIVER_ARTICLES, PGBENCH_ARTICLES);
		Scenarios.pair(rows, measured, "point read: r2dbc-postgresql alone on pgbench's query vs pgbench -S (" + clients
				+ " clients)", DRIVER, PGBENCH);
		Scenarios.pair(rows, measured, "point read: r2dbc-postgresql alone on the repository's query vs pgbench -S ("
				+ clients + " clients)", DRIVER_ARTICLES, PGBENCH);
		Scenarios.pair(rows, measured,
				"point read: r2dbc-postgresql on the repository's query, with ReactiveDataCodecs vs without",
				DRIVER_ARTICLES_CODECS, DRIVER_ARTICLES);
		Scenarios.pair(rows, measured,
				"point read: r2dbc-postgresql on the repository's query, through a plain r2dbc-pool vs a connection per client",
				DRIVER_R2DBC_POOL, DRIVER_ARTICLES_CODECS);
		Scenarios.pair(rows, measured,
				"point read: r2dbc-postgresql on the repository's query, through GuardedConnectionPool vs a plain r2dbc-pool",
				DRIVER_GUARDED_POOL, DRIVER_R2DBC_POOL);
		Scenarios.pair(rows, measured, "point read: r2dbc-postgresql on the repository's query, through the tenant binding "
				+ "over GuardedConnectionPool vs GuardedConnectionPool alone", DRIVER_TENANT_BINDING, DRIVER_GUARDED_POOL);
		return rows;
	}

	/**
	 * A point read through the bare driver: each operation takes an idle connection (there are as many as clients,
	 * so one is always free), runs one statement and gives the connection back.
	 */
	private static final class DriverOnly {

		private final Queue<PostgresqlConnection> idle;

		private final Function<PostgresqlConnection, Flux<?>> statement;

		DriverOnly(List<PostgresqlConnection> connections, Function<PostgresqlConnection, Flux<?>> statement) {
			this.idle = new ConcurrentLinkedQueue<>(connections);
			this.statement = statement;
		}

		Flux<?> read() {
			return Flux.usingWhen(Mono.fromSupplier(this.idle::poll), this.statement,
					connection -> Mono.fromRunnable(() -> this.idle.offer(connection)));
		}

	}

}
