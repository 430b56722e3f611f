package dev.reactivedata.core.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.routing.ReadOnlyRoutingTransactionManager;
import dev.reactivedata.core.routing.ReadRoutingConnectionFactory;
import dev.reactivedata.core.routing.ReadRoutingOptions;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.ConnectionFactoryBuilder;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Routes reads to PostgreSQL streaming replicas when {@code reactivedata.core.replicas[0].url} is set. Each
 * replica's connection factory is built like the primary's: the same driver options customizers and decorators
 * (the query monitor's proxy, observation), its own pool (the guarded pool with leak tracking, sized by
 * {@code spring.r2dbc.pool.*}). The routing factory sits right on the primary's pool, so the tenant binding and
 * the connection-factory observation that wrap the application's factory wrap replica connections too. Read-only
 * transactions may run on a replica.
 */
@AutoConfiguration(before = R2dbcAutoConfiguration.class)
@ConditionalOnClass({ ConnectionFactory.class, ConnectionPool.class, R2dbcProperties.class })
@ConditionalOnProperty("reactivedata.core.replicas[0].url")
@EnableConfigurationProperties(ReactiveDataCoreProperties.class)
public final class ReactiveDataRoutingAutoConfiguration {

	@Bean
	static ConnectionFactoryWrapper readRouting(Environment environment,
			ObjectProvider<ConnectionFactoryOptionsBuilderCustomizer> customizers,
			ObjectProvider<ConnectionFactoryDecorator> decorators, ObjectProvider<PoolOptionsCustomizer> poolCustomizers) {
		return ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.READ_ROUTING,
				new ReadRoutingWrapping(environment, customizers, decorators, poolCustomizers));
	}

	@Bean
	static BeanPostProcessor readOnlyRoutingTransactionManagerPostProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof ReactiveTransactionManager manager
						&& !(bean instanceof ReadOnlyRoutingTransactionManager))
								? ReadOnlyRoutingTransactionManager.of(manager) : bean;
			}

		};
	}

	@Bean
	SmartLifecycle replicaPolling(ObjectProvider<ConnectionFactory> connectionFactory) {
		return new ReplicaPolling(connectionFactory);
	}

	static ReadRoutingOptions options(ReactiveDataCoreProperties properties) {
		return ReadRoutingOptions.builder()
			.maxLag(properties.getReplicasMaxLag())
			.maxLagBytes(properties.getReplicasMaxLagBytes().toBytes())
			.pollInterval(properties.getReplicasPollInterval())
			.build();
	}

	/**
	 * Puts the routing factory on the primary's pool ({@link ConnectionFactoryWrapper#READ_ROUTING}): right after the
	 * guarded pool replaced Spring Boot's, before the tenant binding and the observation wrap the factory.
	 */
	static final class ReadRoutingWrapping implements UnaryOperator<ConnectionFactory> {

		private final Environment environment;

		private final ObjectProvider<ConnectionFactoryOptionsBuilderCustomizer> customizers;

		private final ObjectProvider<ConnectionFactoryDecorator> decorators;

		private final ObjectProvider<PoolOptionsCustomizer> poolCustomizers;

		ReadRoutingWrapping(Environment environment,
				ObjectProvider<ConnectionFactoryOptionsBuilderCustomizer> customizers,
				ObjectProvider<ConnectionFactoryDecorator> decorators, ObjectProvider<PoolOptionsCustomizer> poolCustomizers) {
			this.environment = environment;
			this.customizers = customizers;
			this.decorators = decorators;
			this.poolCustomizers = poolCustomizers;
		}

		@Override
		public ConnectionFactory apply(ConnectionFactory primary) {
			if (primary instanceof ReadRoutingConnectionFactory) {
				return primary;
			}
			Binder binder = Binder.get(this.environment);
			ReactiveDataCoreProperties properties = binder.bind("reactivedata.core", ReactiveDataCoreProperties.class)
				.orElseGet(ReactiveDataCoreProperties::new);
			R2dbcProperties.Pool bootPool = binder.bind("spring.r2dbc.pool", R2dbcProperties.Pool.class)
				.orElseGet(R2dbcProperties.Pool::new);
			Map<String, ConnectionFactory> replicas = new LinkedHashMap<>();
			List<ReactiveDataCoreProperties.Replica> configured = properties.getReplicas();
			for (int index = 0; index < configured.size(); index++) {
				ReactiveDataCoreProperties.Replica replica = configured.get(index);
				String name = (replica.getName() != null) ? replica.getName() : "replica-" + index;
				replicas.put(name, pool(name, driver(replica, primary), bootPool, properties.getPool(),
						this.poolCustomizers));
			}
			return ReadRoutingConnectionFactory.create(primary, replicas, options(properties));
		}

		private ConnectionFactory driver(ReactiveDataCoreProperties.Replica replica, ConnectionFactory primary) {
			String url = replica.getUrl();
			if (url == null || url.isBlank()) {
				throw new IllegalStateException("Every reactivedata.core.replicas[n] needs a url");
			}
			ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(url).mutate();
			ConnectionFactoryOptions parsed = options.build();
			OptionsCapableConnectionFactory primaryOptions = OptionsCapableConnectionFactory.unwrapFrom(primary);
			copy(parsed, options, ConnectionFactoryOptions.USER, replica.getUsername(), primaryOptions);
			copy(parsed, options, ConnectionFactoryOptions.PASSWORD, replica.getPassword(), primaryOptions);
			this.customizers.orderedStream().forEach(customizer -> customizer.customize(options));
			return ConnectionFactoryBuilder.withOptions(options)
				.decorators(this.decorators.orderedStream().toList())
				.build();
		}

		private static void copy(ConnectionFactoryOptions parsed, ConnectionFactoryOptions.Builder options,
				Option<?> option, @Nullable String configured, @Nullable OptionsCapableConnectionFactory primary) {
			@SuppressWarnings("unchecked")
			Option<Object> any = (Option<Object>) option;
			if (configured != null) {
				options.option(any, configured);
			}
			else if (!parsed.hasOption(option) && primary != null && primary.getOptions().hasOption(option)) {
				options.option(any, primary.getOptions().getRequiredValue(option));
			}
		}

		private static ConnectionFactory pool(String name, ConnectionFactory driver, R2dbcProperties.Pool boot,
				ReactiveDataCoreProperties.Pool ours, ObjectProvider<PoolOptionsCustomizer> poolCustomizers) {
			if (ours.isEnabled()) {
				return GuardedConnectionPool.create(driver,
						ReactiveDataPoolAutoConfiguration.options(boot, ours, poolCustomizers));
			}
			return new ConnectionPool(ConnectionPoolConfiguration.builder(driver)
				.name(name)
				.initialSize(boot.getInitialSize())
				.maxSize(boot.getMaxSize())
				.build());
		}

	}

	/** Polls the replicas while the application runs; closes their pools when the context closes. */
	static final class ReplicaPolling implements SmartLifecycle, DisposableBean {

		private final ObjectProvider<ConnectionFactory> connectionFactory;

		private volatile @Nullable ReadRoutingConnectionFactory routing;

		private volatile boolean running;

		ReplicaPolling(ObjectProvider<ConnectionFactory> connectionFactory) {
			this.connectionFactory = connectionFactory;
		}

		@Override
		public void start() {
			ConnectionFactory factory = this.connectionFactory.getIfUnique();
			ReadRoutingConnectionFactory found = (factory != null) ? ReadRoutingConnectionFactory.find(factory).orElse(null)
					: null;
			if (found != null) {
				found.start();
			}
			this.routing = found;
			this.running = true;
		}

		@Override
		public void stop() {
			ReadRoutingConnectionFactory current = this.routing;
			if (current != null) {
				current.stop();
			}
			this.running = false;
		}

		@Override
		public void destroy() {
			ReadRoutingConnectionFactory current = this.routing;
			if (current != null) {
				current.close();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
