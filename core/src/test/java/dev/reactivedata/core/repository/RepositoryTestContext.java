package dev.reactivedata.core.repository;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.audit.AuditingEntityCallbacks;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.testing.TestDatabase;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.ReactiveAuditorAware;
import org.springframework.data.r2dbc.config.AbstractR2dbcConfiguration;
import org.springframework.data.r2dbc.config.EnableR2dbcAuditing;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A Spring context with {@link EnableReactiveDataRepositories} on a test database, connected as the RLS-bound
 * application role through a guarded pool (as the starter wires it), tenant binding and (unless started unrecorded)
 * an r2dbc-proxy that records every statement.
 */
public final class RepositoryTestContext implements AutoCloseable {

	/** The application role of the test migrations. */
	public static final String APP_ROLE = "rdl_test_app";

	private static final ThreadLocal<ConnectionFactory> pending = new ThreadLocal<>();

	private final GuardedConnectionPool pool;

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private final Set<QueryExecutionInfo> running = ConcurrentHashMap.newKeySet();

	private final AtomicInteger mostRunning = new AtomicInteger();

	private final AnnotationConfigApplicationContext context;

	private RepositoryTestContext(TestDatabase database, int maxSize, boolean recordStatements) {
		this.pool = GuardedConnectionPool.create(database.connectionFactory(APP_ROLE, APP_ROLE), PoolOptions.builder()
			.initialSize(0)
			.maxSize(maxSize)
			.createTimeout(Duration.ofSeconds(30))
			.build());
		ConnectionFactory bound = new TenantBindingConnectionFactory(this.pool);
		// The proxy observes every row as well, which costs noticeably when streaming a million of them.
		ConnectionFactory counted = !recordStatements ? bound : ProxyConnectionFactory.builder(bound)
			.listener(new ProxyExecutionListener() {
				@Override
				public void beforeQuery(QueryExecutionInfo execInfo) {
					execInfo.getQueries().forEach(query -> RepositoryTestContext.this.statements.add(query.getQuery()));
					RepositoryTestContext.this.running.add(execInfo);
					RepositoryTestContext.this.mostRunning.accumulateAndGet(RepositoryTestContext.this.running.size(), Math::max);
				}

				@Override
				public void afterQuery(QueryExecutionInfo execInfo) {
					RepositoryTestContext.this.running.remove(execInfo);
				}
			})
			.build();
		pending.set(counted);
		try {
			this.context = new AnnotationConfigApplicationContext(Config.class);
		}
		finally {
			pending.remove();
		}
	}

	/**
	 * Starts a context on the given database.
	 * @param database the test database
	 * @return the context
	 */
	public static RepositoryTestContext start(TestDatabase database) {
		return start(database, 4);
	}

	/**
	 * Starts a context on the given database with a pool of the given size.
	 * @param database the test database
	 * @param maxSize the pool's maximum size
	 * @return the context
	 */
	public static RepositoryTestContext start(TestDatabase database, int maxSize) {
		return new RepositoryTestContext(database, maxSize, true);
	}

	/**
	 * Starts a context that does not record statements, for tests that stream many rows.
	 * @param database the test database
	 * @param maxSize the pool's maximum size
	 * @return the context
	 */
	public static RepositoryTestContext startUnrecorded(TestDatabase database, int maxSize) {
		return new RepositoryTestContext(database, maxSize, false);
	}

	public ItemRepository items() {
		return this.context.getBean(ItemRepository.class);
	}

	public ItemNoteRepository notes() {
		return this.context.getBean(ItemNoteRepository.class);
	}

	public AuditedItemRepository auditedItems() {
		return this.context.getBean(AuditedItemRepository.class);
	}

	public AuditedNoteRepository auditedNotes() {
		return this.context.getBean(AuditedNoteRepository.class);
	}

	public PurgeableItemRepository purgeableItems() {
		return this.context.getBean(PurgeableItemRepository.class);
	}

	public DatabaseClient client() {
		return this.context.getBean(R2dbcEntityTemplate.class).getDatabaseClient();
	}

	public R2dbcEntityTemplate template() {
		return this.context.getBean(R2dbcEntityTemplate.class);
	}

	public TransactionalOperator transactions() {
		return this.context.getBean(TransactionalOperator.class);
	}

	/** @return the statements run so far, in order */
	public List<String> statements() {
		return List.copyOf(this.statements);
	}

	/** @return the most statements that were running at once since the last reset */
	public int mostStatementsAtOnce() {
		return this.mostRunning.get();
	}

	/** Forgets the recorded statements. */
	public void resetStatements() {
		this.statements.clear();
		this.mostRunning.set(this.running.size());
	}

	@Override
	public void close() {
		this.context.close();
		this.pool.close().block();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveDataRepositories
	@EnableR2dbcAuditing
	static class Config extends AbstractR2dbcConfiguration {

		private final ConnectionFactory connectionFactory = pending.get();

		@Override
		@Bean
		public ConnectionFactory connectionFactory() {
			return this.connectionFactory;
		}

		@Bean
		ReactiveAuditorAware<String> auditorAware() {
			return () -> Mono.just("tester");
		}

		// Audits saves of @Audited entities, as the core auto-configuration does; the others never touch audit_log.
		@Bean
		AuditingEntityCallbacks auditingEntityCallbacks(DatabaseClient databaseClient, R2dbcMappingContext mappingContext) {
			return new AuditingEntityCallbacks(databaseClient, mappingContext);
		}

		@Bean
		R2dbcTransactionManager transactionManager() {
			return new R2dbcTransactionManager(this.connectionFactory);
		}

		@Bean
		TransactionalOperator transactionalOperator(R2dbcTransactionManager transactionManager) {
			return TransactionalOperator.create(transactionManager);
		}

	}

}
