package dev.reactivedata.core;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import dev.reactivedata.core.audit.AuditAction;
import dev.reactivedata.core.audit.AuditChainSealer;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.audit.AuditEvent;
import dev.reactivedata.core.audit.AuditLog;
import dev.reactivedata.core.audit.AuditingEntityCallbacks;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.core.tx.Transactions;
import dev.reactivedata.testing.DataLayerExtension;
import dev.reactivedata.testing.TestDatabase;
import reactor.core.publisher.Mono;

import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Core's data layer wired by hand for integration tests, as the auto-configuration wires it: guarded pool →
 * tenant binding → transaction manager, database client, entity template with the auditing callbacks.
 */
public final class CoreDataLayer implements AutoCloseable {

	/** The application role of core's test schema. */
	public static final String APP_ROLE = "rdl_test_app";

	private final TestDatabase database;

	private final GuardedConnectionPool pool;

	private final TenantBindingConnectionFactory connectionFactory;

	private final DatabaseClient client;

	private final R2dbcEntityTemplate template;

	private final Transactions transactions;

	private final AuditLog auditLog;

	private final AuditChainSealer auditSealer;

	private final DatabaseClient owner;

	private CoreDataLayer(TestDatabase database, PoolOptions options) {
		this.database = database;
		this.pool = GuardedConnectionPool.create(database.connectionFactory(APP_ROLE, APP_ROLE), options);
		this.connectionFactory = new TenantBindingConnectionFactory(this.pool);
		this.client = DatabaseClient.create(this.connectionFactory);
		this.template = new R2dbcEntityTemplate(this.connectionFactory);
		RelationalMappingContext mappingContext = (RelationalMappingContext) this.template.getConverter()
			.getMappingContext();
		this.template.setEntityCallbacks(
				ReactiveEntityCallbacks.create(new AuditingEntityCallbacks(this.client, mappingContext)));
		this.transactions = new Transactions(new R2dbcTransactionManager(this.connectionFactory));
		this.auditLog = AuditLog.create(this.client);
		this.auditSealer = AuditChainSealer.create(this.client);
		this.owner = DatabaseClient.create(database.ownerConnectionFactory());
	}

	/**
	 * The test kit's migrations for core's schema: the library's own, notes and accounts.
	 * @return a new extension for a static field
	 */
	public static DataLayerExtension extension() {
		return DataLayerExtension.withMigrations("classpath:db/reactivedata", "classpath:db/tenant-test",
				"classpath:db/core-test");
	}

	/**
	 * Wires the data layer on a test database with the given pool options.
	 * @param database the test database
	 * @param options the pool options
	 * @return the data layer; close it after the test
	 */
	public static CoreDataLayer create(TestDatabase database, PoolOptions options) {
		return new CoreDataLayer(database, options);
	}

	/**
	 * Wires the data layer with a small pool; timeouts are generous because the first connection of a JVM on a
	 * loaded CI machine can take seconds (class loading, TLS and SCRAM set-up).
	 * @param database the test database
	 * @return the data layer
	 */
	public static CoreDataLayer create(TestDatabase database) {
		return create(database, PoolOptions.builder()
			.maxSize(4)
			.acquireTimeout(Duration.ofSeconds(30))
			.createTimeout(Duration.ofSeconds(30))
			.build());
	}

	public GuardedConnectionPool pool() {
		return this.pool;
	}

	public TenantBindingConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	public DatabaseClient client() {
		return this.client;
	}

	public R2dbcEntityTemplate template() {
		return this.template;
	}

	public Transactions transactions() {
		return this.transactions;
	}

	public AuditLog auditLog() {
		return this.auditLog;
	}

	/** @return the audit log's sealer, working as the application role (as the auto-configuration's does) */
	public AuditChainSealer auditSealer() {
		return this.auditSealer;
	}

	/**
	 * Records an audit entry of the kind the chain tests write: {@code Account} {@code name} created by
	 * {@code user:alice}, with {@code {"name": name}} as new value, for {@code tenant}.
	 * @param tenant the tenant the entry belongs to
	 * @param name the account's name, its entity id
	 * @return completion once the entry is written (in its own transaction unless the caller opened one)
	 */
	public Mono<Void> recordAccountCreated(UUID tenant, String name) {
		return this.auditLog
			.record(new AuditEvent("Account", name, AuditAction.CREATE, null, "{\"name\": \"" + name + "\"}"))
			.contextWrite(TenantContext.withTenant(tenant))
			.contextWrite(AuditContext.withActor("user:alice"));
	}

	/** @return a client connected as the owner (superuser): sees every tenant's rows */
	public DatabaseClient owner() {
		return this.owner;
	}

	/**
	 * Counts rows as the owner, across tenants.
	 * @param sql a {@code SELECT count(*) AS n …} statement
	 * @return the count
	 */
	public Mono<Long> count(String sql) {
		return this.owner.sql(sql).map(row -> Objects.requireNonNull(row.get("n", Long.class))).one();
	}

	/**
	 * Completes once no backend of the application role in this database is inside a transaction or running a
	 * statement: rollbacks after a cancellation are asynchronous, so tests poll for this before they count rows.
	 * @return completion when quiet; an error after about ten seconds of polling
	 */
	public Mono<Void> quiescent() {
		return count("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND usename = '" + APP_ROLE + "' AND state IN ('active', 'idle in transaction', "
				+ "'idle in transaction (aborted)')")
			.filter(open -> open == 0)
			.repeatWhenEmpty(100, attempts -> attempts.delayElements(Duration.ofMillis(100)))
			.switchIfEmpty(Mono.error(() -> new AssertionError("Backends of " + APP_ROLE + " stayed busy")))
			.then();
	}

	/**
	 * Terminates every backend of the application role in this database and waits until they are gone.
	 * @return the number of terminated backends
	 */
	public Mono<Long> terminateApplicationBackends() {
		return count("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n FROM pg_stat_activity "
				+ "WHERE datname = current_database() AND usename = '" + APP_ROLE + "'");
	}

	/** @return the test database */
	public TestDatabase database() {
		return this.database;
	}

	@Override
	public void close() {
		this.pool.close().block(Duration.ofSeconds(30));
	}

}
