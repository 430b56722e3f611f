package dev.reactivedata.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.bench.fixture.AuditedArticle;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.Servers;
import dev.reactivedata.bench.fixture.data.AuditedArticleDataRepository;
import dev.reactivedata.bench.fixture.data.DataRepositories;
import dev.reactivedata.bench.harness.ClosedLoop;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.core.audit.AuditChainReport;
import dev.reactivedata.core.audit.AuditChainSealer;
import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.migration.LibraryMigrations;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.postgresql.codec.Json;
import org.flywaydb.core.Flyway;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The cost of the audit log's hash chain on audited saves. Both sides save new {@code @Audited} rows through
 * {@code ReactiveDataRepository.save} (the row and its audit entry in one transaction) into a {@code bench_audited}
 * table of the same definition, at the same concurrency, as {@code rdl_app} bound to one tenant. Ours: in the
 * benchmark database, whose audit log has every library migration, with an {@link AuditChainSealer} sealing the
 * committed entries into the tenant's chain every {@value #SEAL_INTERVAL_MILLIS} ms throughout, as the Spring Boot
 * auto-configuration does (the sealing is measured: it runs on the same machine during the trials). Baseline: in a
 * second database of the same server whose library migrations stop before the chain (version 0.0.3: the
 * append-only audit log without chain columns or sealing), which is what audited saves cost without tamper
 * evidence. Target: the chain costs at most 10 %.
 */
final class AuditedSaveScenario implements Scenario {

	static final String CHAINED = "audited save, hash-chained audit log";

	static final String UNCHAINED = "audited save, audit log without the chain (library 0.0.3)";

	/** The auto-configuration's default {@code reactivedata.core.audit.seal-interval}. */
	static final long SEAL_INTERVAL_MILLIS = 250;

	/** The last library migration before the hash chain. */
	static final String BEFORE_CHAIN = "0.0.3";

	private static final String POLICY = "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid";

	@Override
	public String id() {
		return "audited-save";
	}

	@Override
	public List<Row> run(BenchContext context) {
		BenchFixture fixture = context.fixture();
		Servers servers = fixture.servers();
		int clients = context.settings().concurrency();
		String unchainedDatabase = fixture.createScratchDatabase("unchained");
		Flyway.configure()
			.dataSource(servers.jdbcUrl(unchainedDatabase), servers.adminUser(), servers.adminPassword())
			.table(LibraryMigrations.HISTORY_TABLE)
			.locations(LibraryMigrations.LOCATION)
			.target(BEFORE_CHAIN)
			.load()
			.migrate();
		fixture.admin(unchainedDatabase, "GRANT SELECT, INSERT ON audit_log TO " + Servers.APP_USER);
		createTable(fixture, servers.database());
		createTable(fixture, unchainedDatabase);
		GuardedConnectionPool chainedPool = fixture.appPool(servers.database());
		GuardedConnectionPool unchainedPool = fixture.appPool(unchainedDatabase);
		AtomicInteger sequence = new AtomicInteger();
		// One tenant-binding factory per pool: each tracks what it bound on the pool's connections.
		TenantBindingConnectionFactory chainedFactory = new TenantBindingConnectionFactory(chainedPool);
		AuditChainSealer sealer = AuditChainSealer.create(DatabaseClient.create(chainedFactory));
		Disposable sealing = Flux.interval(Duration.ofMillis(SEAL_INTERVAL_MILLIS))
			.onBackpressureDrop()
			.concatMap(tick -> sealer.seal())
			.subscribe();
		try (DataRepositories chained = DataRepositories.audited(chainedFactory);
				DataRepositories unchained = DataRepositories.audited(new TenantBindingConnectionFactory(unchainedPool))) {
			AuditedArticleDataRepository withChain = chained.auditedArticles();
			AuditedArticleDataRepository withoutChain = unchained.auditedArticles();
			Map<String, Measured> measured = context.trials(id())
				.load(CHAINED, "saves/s", duration -> ClosedLoop.run(clients, duration,
						() -> withChain.save(article(sequence.incrementAndGet()))
							.contextWrite(AuditContext.withActor("bench"))
							.contextWrite(fixture.withTenant())))
				.load(UNCHAINED, "saves/s", duration -> ClosedLoop.run(clients, duration,
						() -> withoutChain.save(article(sequence.incrementAndGet()))
							.contextWrite(AuditContext.withActor("bench"))
							.contextWrite(fixture.withTenant())))
				.run();
			sealing.dispose();
			sealer.seal().block(Duration.ofSeconds(60));
			AuditChainReport chain = AuditChainVerifier
				.create(DatabaseClient.create(fixture.adminConnectionFactory(servers.database())))
				.verify(fixture.tenant())
				.block(Duration.ofSeconds(120));
			AuditChainReport.AuditChainBreak broken = chain.firstBreak();
			context.details().note("audited save: new rows of an @Audited copy of articles, saved by " + clients
					+ " clients of one tenant; the baseline's audit log is "
					+ "the library's up to " + BEFORE_CHAIN + " in a second database of the same server. Entries "
					+ "written: " + fixture.adminCount("SELECT count(*) FROM audit_log WHERE entity_type = 'Article'")
					+ " chained in this run, sealed every " + SEAL_INTERVAL_MILLIS + " ms during the trials ("
					+ fixture.adminCount("SELECT count(*) FROM audit_log a "
					+ "WHERE NOT EXISTS (SELECT 1 FROM audit_log_chain k WHERE k.entry_id = a.id)") + " left unsealed after "
					+ "a last pass); verified afterwards: " + ((broken == null) ? "intact" : "BROKEN at entry "
					+ broken.entryId()) + ", " + chain.entriesChecked() + " entries in the tenant's chain.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured,
					"audited save: hash-chained audit log vs without the chain (" + clients + " clients; target ≥ 0.9)",
					CHAINED, UNCHAINED);
			return rows;
		}
		finally {
			sealing.dispose();
			chainedPool.close().block(Duration.ofSeconds(30));
			unchainedPool.close().block(Duration.ofSeconds(30));
		}
	}

	private static void createTable(BenchFixture fixture, String database) {
		fixture.admin(database, """
				CREATE TABLE bench_audited (
				    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
				    tenant_id  uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
				    title      text NOT NULL,
				    body       text NOT NULL,
				    status     text NOT NULL,
				    tags       text[] NOT NULL,
				    metadata   jsonb NOT NULL,
				    version    integer NOT NULL DEFAULT 0,
				    created_at timestamptz NOT NULL DEFAULT now(),
				    updated_at timestamptz NOT NULL DEFAULT now(),
				    created_by text,
				    updated_by text,
				    deleted_at timestamptz
				)""", "ALTER TABLE bench_audited ENABLE ROW LEVEL SECURITY", "ALTER TABLE bench_audited FORCE ROW LEVEL SECURITY",
				"CREATE POLICY bench_audited_tenant_isolation ON bench_audited USING (" + POLICY + ") WITH CHECK (" + POLICY + ")",
				"GRANT SELECT, INSERT, UPDATE, DELETE ON bench_audited TO " + Servers.APP_USER);
	}

	private static AuditedArticle article(int i) {
		return new AuditedArticle(BulkRows.title(i), BulkRows.body(i), BulkRows.status(i), BulkRows.tags(i),
				Json.of(BulkRows.metadata(i)));
	}

}
