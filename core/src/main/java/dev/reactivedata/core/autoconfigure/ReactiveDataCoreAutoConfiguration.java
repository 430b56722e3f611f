package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.tenant.RowLevelSecurityRoleCheck;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
 * Binds the application's {@link ConnectionFactory} to the tenant in the Reactor Context and refuses to
 * start when the database role would not be bound by row-level security.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "reactivedata.core.tenancy.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReactiveDataCoreProperties.class)
public final class ReactiveDataCoreAutoConfiguration {

	@Bean
	static BeanPostProcessor tenantBindingConnectionFactoryPostProcessor(Environment environment) {
		String setting = Binder.get(environment)
			.bind("reactivedata.core.tenancy.setting", String.class)
			.orElse(TenantBindingConnectionFactory.DEFAULT_SETTING);
		return new TenantBindingPostProcessor(setting);
	}

	@Bean
	@ConditionalOnBean(ConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = "reactivedata.core.tenancy.verify-role", matchIfMissing = true)
	SmartInitializingSingleton rowLevelSecurityStartupCheck(ConnectionFactory connectionFactory,
			ReactiveDataCoreProperties properties) {
		RowLevelSecurityRoleCheck check = new RowLevelSecurityRoleCheck(connectionFactory);
		// Start-up runs on the main thread before any request: blocking here is intended.
		return () -> check.verify().block(properties.getTenancy().getVerifyTimeout());
	}

	static final class TenantBindingPostProcessor implements BeanPostProcessor {

		private final String setting;

		TenantBindingPostProcessor(String setting) {
			this.setting = setting;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof ConnectionFactory factory && !(bean instanceof TenantBindingConnectionFactory)) {
				return new TenantBindingConnectionFactory(factory, this.setting);
			}
			return bean;
		}

	}

}
