package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.pool.PoolOptions;
import io.r2dbc.pool.ConnectionPool;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Replaces Spring Boot's r2dbc-pool {@link ConnectionPool} with a {@link GuardedConnectionPool} on the same
 * (decorated) driver factory, configured from {@code spring.r2dbc.pool.*} plus {@code reactivedata.core.pool.*}
 * with safe values where Spring Boot leaves timeouts unset and {@code acquireRetry} at least the max size.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass({ ConnectionPool.class, R2dbcProperties.class })
@ConditionalOnBooleanProperty(name = "reactivedata.core.pool.enabled", matchIfMissing = true)
public final class ReactiveDataPoolAutoConfiguration {

	@Bean
	static BeanPostProcessor guardedConnectionPoolPostProcessor(Environment environment) {
		return new GuardedPoolPostProcessor(environment);
	}

	static PoolOptions options(R2dbcProperties.Pool boot, ReactiveDataCoreProperties.Pool ours) {
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
		return builder.build();
	}

	static final class PoolOptionsMapping {

		private PoolOptionsMapping() {
		}

		static boolean positive(@Nullable Duration duration) {
			return duration != null && !duration.isNegative() && !duration.isZero();
		}

	}

	static final class GuardedPoolPostProcessor implements BeanPostProcessor, Ordered {

		private final Environment environment;

		GuardedPoolPostProcessor(Environment environment) {
			this.environment = environment;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof ConnectionPool pool)) {
				return bean;
			}
			Binder binder = Binder.get(this.environment);
			R2dbcProperties.Pool boot = binder.bind("spring.r2dbc.pool", R2dbcProperties.Pool.class)
				.orElseGet(R2dbcProperties.Pool::new);
			ReactiveDataCoreProperties.Pool ours = binder
				.bind("reactivedata.core.pool", ReactiveDataCoreProperties.Pool.class)
				.orElseGet(ReactiveDataCoreProperties.Pool::new);
			GuardedConnectionPool guarded = GuardedConnectionPool.create(pool.unwrap(), options(boot, ours));
			// Spring Boot's pool has not handed out a connection yet; closing it at start-up opens nothing.
			pool.dispose();
			return guarded;
		}

		@Override
		public int getOrder() {
			// Before the tenant binding wraps the connection factory.
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
