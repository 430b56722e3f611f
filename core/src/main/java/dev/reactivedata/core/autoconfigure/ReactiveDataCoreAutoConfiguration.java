package dev.reactivedata.core.autoconfigure;

import java.net.ConnectException;
import java.time.Duration;

import dev.reactivedata.core.tenant.RowLevelSecurityRoleCheck;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds the application's {@link ConnectionFactory} to the tenant in the Reactor Context (the
 * {@link ConnectionFactoryWrapper#TENANT_BINDING} layer of its wrapper chain) and refuses to
 * start when the database role would not be bound by row-level security. The check waits for a database that is
 * unreachable or still starting, up to {@code reactivedata.core.tenancy.verify-timeout}.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "reactivedata.core.tenancy.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReactiveDataCoreProperties.class)
public final class ReactiveDataCoreAutoConfiguration {

	@Bean
	static ConnectionFactoryWrapper tenantBinding(Environment environment) {
		String setting = Binder.get(environment)
			.bind("reactivedata.core.tenancy.setting", String.class)
			.orElse(TenantBindingConnectionFactory.DEFAULT_SETTING);
		return ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.TENANT_BINDING,
				factory -> (factory instanceof TenantBindingConnectionFactory) ? factory
						: new TenantBindingConnectionFactory(factory, setting));
	}

	@Bean
	@ConditionalOnBean(ConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = "reactivedata.core.tenancy.verify-role", matchIfMissing = true)
	SmartInitializingSingleton rowLevelSecurityStartupCheck(ConnectionFactory connectionFactory,
			ReactiveDataCoreProperties properties) {
		RowLevelSecurityRoleCheck check = new RowLevelSecurityRoleCheck(connectionFactory);
		Duration timeout = properties.getTenancy().getVerifyTimeout();
		// Start-up runs on the main thread before any request: blocking here is intended. A database that is still
		// starting is waited for, within the timeout; past it, the last connection error fails the start-up. The
		// block allows for a retry that starts just before the deadline, one backoff late, so that error is the one
		// reported rather than the block's own timeout.
		Duration maxBackoff = Duration.ofSeconds(2);
		return () -> {
			long deadline = System.nanoTime() + timeout.toNanos();
			check.verify()
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250))
					.maxBackoff(maxBackoff)
					.filter(error -> unreachable(error) && System.nanoTime() < deadline)
					.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
				.block(timeout.plus(timeout).plus(maxBackoff));
		};
	}

	/**
	 * Tells whether the database could not be reached (connection refused) or is still starting up (57P03).
	 */
	static boolean unreachable(Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException
					|| (cause instanceof R2dbcException r2dbc && "57P03".equals(r2dbc.getSqlState()))) {
				return true;
			}
		}
		return false;
	}

}
