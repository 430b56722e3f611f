package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.audit.AuditLog;
import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.core.tx.Transactions;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool, transaction and audit auto-configuration replace Spring Boot's pool with the guarded one (under the
 * tenant binding) and add the units of work and the audit log.
 */
class ReactiveDataPoolAutoConfigurationIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
				ReactiveDataPoolAutoConfiguration.class, ReactiveDataCoreAutoConfiguration.class,
				ReactiveDataTransactionAutoConfiguration.class, ReactiveDataConnectionFactoryAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=" + dataLayer.database().r2dbcUrl(),
				"spring.r2dbc.username=" + CoreDataLayer.APP_ROLE, "spring.r2dbc.password=" + CoreDataLayer.APP_ROLE,
				"spring.r2dbc.pool.max-size=7", "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.acquire-retry=1",
				"reactivedata.core.pool.leak-threshold=10s", "reactivedata.core.pool.statement-timeout=750ms");

	@Test
	void springBootsPoolIsReplacedByTheGuardedPoolUnderTheTenantBinding() {
		this.runner.run(context -> {
			ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
			assertThat(connectionFactory).isInstanceOf(TenantBindingConnectionFactory.class);
			GuardedConnectionPool pool = GuardedConnectionPool.find(connectionFactory).orElseThrow();
			assertThat(pool.options().maxSize()).isEqualTo(7);
			assertThat(pool.options().acquireRetry()).as("acquire retry raised to the max size").isEqualTo(7);
			assertThat(pool.options().acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(pool.options().leakThreshold()).isEqualTo(Duration.ofSeconds(10));
			assertThat(pool.options().statementTimeout()).isEqualTo(Duration.ofMillis(750));
			assertThat(pool.unwrap()).isInstanceOf(ConnectionPool.class);
			assertThat(context).hasSingleBean(Transactions.class).hasSingleBean(AuditLog.class);
		});
	}

	@Test
	void postgresqlRunsStatementsWithAFetchSizeInOneRoundTripOutsideTransactions() {
		this.runner.run(context -> assertThat(driverOption(context.getBean(ConnectionFactory.class)))
			.isEqualTo(Boolean.TRUE));
	}

	@Test
	void theApplicationsCompatibilityModeIsKept() {
		this.runner.withPropertyValues("spring.r2dbc.properties.compatibilityMode=false")
			.run(context -> assertThat(driverOption(context.getBean(ConnectionFactory.class))).isEqualTo("false"));
	}

	@Test
	void guardedPoolCanBeSwitchedOff() {
		this.runner.withPropertyValues("reactivedata.core.pool.enabled=false").run(context -> {
			assertThat(GuardedConnectionPool.find(context.getBean(ConnectionFactory.class))).isEmpty();
			assertThat(driverOption(context.getBean(ConnectionFactory.class)))
				.as("compatibility mode, which relies on the guarded pool for cancelled results")
				.isNull();
			assertThat(((TenantBindingConnectionFactory) context.getBean(ConnectionFactory.class)).unwrap())
				.isInstanceOf(ConnectionPool.class);
		});
	}

	private static @Nullable Object driverOption(ConnectionFactory connectionFactory) {
		OptionsCapableConnectionFactory driver = OptionsCapableConnectionFactory.unwrapFrom(connectionFactory);
		assertThat(driver).as("Spring Boot's driver factory").isNotNull();
		return driver.getOptions().getValue(PostgresqlConnectionFactoryProvider.COMPATIBILITY_MODE);
	}

}
