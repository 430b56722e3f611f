package dev.reactivedata.core.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Replaces Spring Boot's r2dbc-pool {@link ConnectionPool} with a {@link GuardedConnectionPool} on the same
 * (decorated) driver factory, configured from {@code spring.r2dbc.pool.*} plus {@code reactivedata.core.pool.*}
 * with safe values where Spring Boot leaves timeouts unset and {@code acquireRetry} at least the max size, then
 * changed by the {@link PoolOptionsCustomizer} beans. The replacement is the innermost layer of the connection
 * factory's wrapper chain ({@link ConnectionFactoryWrapper#GUARDED_POOL}).
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass({ ConnectionPool.class, R2dbcProperties.class })
@ConditionalOnBooleanProperty(name = "reactivedata.core.pool.enabled", matchIfMissing = true)
public final class ReactiveDataPoolAutoConfiguration {

	@Bean
	static ConnectionFactoryWrapper guardedConnectionPool(Environment environment,
			ObjectProvider<PoolOptionsCustomizer> customizers) {
		return ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.GUARDED_POOL,
				new GuardedPoolWrapping(environment, customizers));
	}

	/**
	 * Turns on r2dbc-postgresql's {@code compatibilityMode} unless the application set it. Outside a transaction it
	 * runs a statement with a fetch size in one round trip, all its rows in one {@code Execute} held back by TCP, as
	 * PgJDBC does, instead of a cursor that costs a round trip more (a page or count without markers, an export).
	 * Inside a transaction it still fetches in windows. The guarded pool bounds what a cancelled result still
	 * streams, which is why this comes with it.
	 */
	@Bean
	static ConnectionFactoryOptionsBuilderCustomizer postgresqlOneRoundTripOutsideTransactions() {
		return options -> {
			ConnectionFactoryOptions set = options.build();
			if (isPostgresql(set) && !set.hasOption(PostgresqlConnectionFactoryProvider.COMPATIBILITY_MODE)) {
				options.option(PostgresqlConnectionFactoryProvider.COMPATIBILITY_MODE, true);
			}
		};
	}

	/** Whether the options name r2dbc-postgresql, as the driver or as the driver under r2dbc-pool. */
	static boolean isPostgresql(ConnectionFactoryOptions options) {
		Set<Object> names = Set.of(PostgresqlConnectionFactoryProvider.POSTGRESQL_DRIVER,
				PostgresqlConnectionFactoryProvider.LEGACY_POSTGRESQL_DRIVER);
		Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
		Object protocol = options.getValue(ConnectionFactoryOptions.PROTOCOL);
		return (driver != null && names.contains(driver)) || (protocol != null && names.contains(protocol));
	}

	static PoolOptions options(R2dbcProperties.Pool boot, ReactiveDataCoreProperties.Pool ours,
			ObjectProvider<PoolOptionsCustomizer> customizers) {
		PoolOptions.Builder builder = PoolOptions.builder();
		PropertyMapper map = PropertyMapper.get();
		map.from(boot.getInitialSize()).to(builder::initialSize);
		map.from(boot.getMaxSize()).to(builder::maxSize);
		map.from(boot.getMinIdle()).to(builder::minIdle);
		map.from(boot.getMaxIdleTime()).when(PoolOptionsMapping::positive).to(builder::maxIdleTime);
		map.from(boot.getMaxLifeTime()).when(PoolOptionsMapping::positive).to(builder::maxLifeTime);
		map.from(boot.getMaxAcquireTime()).when(PoolOptionsMapping::positive).to(builder::acquireTimeout);
		map.from(boot.getMaxCreateConnectionTime()).when(PoolOptionsMapping::positive).to(builder::createTimeout);
		map.from(boot.getMaxValidationTime()).when(PoolOptionsMapping::positive).to(builder::validationTimeout);
		map.from(boot.getValidationQuery()).whenHasText().to(builder::validationQuery);
		Integer acquireRetry = ours.getAcquireRetry();
		builder.acquireRetry((acquireRetry != null) ? acquireRetry : Math.max(boot.getAcquireRetry(), boot.getMaxSize()));
		builder.backgroundEvictionInterval(ours.getBackgroundEvictionInterval())
			.leakThreshold(ours.getLeakThreshold())
			.captureCallSite(ours.isCaptureCallSite())
			.recoveryPeriod(ours.getRecoveryPeriod())
			.statementTimeout(ours.getStatementTimeout());
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder.build();
	}

	static final class PoolOptionsMapping {

		private PoolOptionsMapping() {
		}

		static boolean positive(@Nullable Duration duration) {
			return duration != null && !duration.isNegative() && !duration.isZero();
		}

	}

	static final class GuardedPoolWrapping implements UnaryOperator<ConnectionFactory> {

		private final Environment environment;

		private final ObjectProvider<PoolOptionsCustomizer> customizers;

		GuardedPoolWrapping(Environment environment, ObjectProvider<PoolOptionsCustomizer> customizers) {
			this.environment = environment;
			this.customizers = customizers;
		}

		@Override
		public ConnectionFactory apply(ConnectionFactory factory) {
			if (!(factory instanceof ConnectionPool pool)) {
				return factory;
			}
			Binder binder = Binder.get(this.environment);
			R2dbcProperties.Pool boot = binder.bind("spring.r2dbc.pool", R2dbcProperties.Pool.class)
				.orElseGet(R2dbcProperties.Pool::new);
			ReactiveDataCoreProperties.Pool ours = binder
				.bind("reactivedata.core.pool", ReactiveDataCoreProperties.Pool.class)
				.orElseGet(ReactiveDataCoreProperties.Pool::new);
			GuardedConnectionPool guarded = GuardedConnectionPool.create(pool.unwrap(),
					options(boot, ours, this.customizers));
			// Spring Boot's pool has not handed out a connection yet; closing it at start-up opens nothing.
			pool.dispose();
			return guarded;
		}

	}

}
