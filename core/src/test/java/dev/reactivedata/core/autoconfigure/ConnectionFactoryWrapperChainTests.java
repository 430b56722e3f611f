package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.pool.GuardedConnectionPool;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection factory's wrapper chain is assembled by order, not by registration, and takes the application's
 * layers and pool customizers. Nothing here connects.
 */
class ConnectionFactoryWrapperChainTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
				ReactiveDataConnectionFactoryAutoConfiguration.class, ReactiveDataPoolAutoConfiguration.class,
				ReactiveDataCoreAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/unused", "spring.r2dbc.username=nobody",
				"spring.r2dbc.pool.initial-size=0", "reactivedata.core.tenancy.verify-role=false");

	@Test
	void layersAreAppliedInTheirOrderWhateverTheirRegistrationOrder() {
		this.runner
			.withBean("outside", ConnectionFactoryWrapper.class,
					() -> ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.TENANT_BINDING + 50,
							factory -> new Layer("outside", factory)))
			.withBean("onThePool", ConnectionFactoryWrapper.class,
					() -> ConnectionFactoryWrapper.of(ConnectionFactoryWrapper.GUARDED_POOL + 50,
							factory -> new Layer("onThePool", factory)))
			.run(context -> {
				ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
				assertThat(connectionFactory).isInstanceOfSatisfying(Layer.class,
						outside -> assertThat(outside.name()).isEqualTo("outside"));
				ConnectionFactory tenant = ((Layer) connectionFactory).unwrap();
				assertThat(tenant).isInstanceOf(TenantBindingConnectionFactory.class);
				ConnectionFactory onThePool = ((TenantBindingConnectionFactory) tenant).unwrap();
				assertThat(onThePool).isInstanceOfSatisfying(Layer.class,
						layer -> assertThat(layer.name()).isEqualTo("onThePool"));
				assertThat(((Layer) onThePool).unwrap()).isInstanceOf(GuardedConnectionPool.class);
			});
	}

	@Test
	void poolOptionsCustomizersChangeTheGuardedPool() {
		this.runner.withPropertyValues("spring.r2dbc.pool.max-size=7")
			.withBean(PoolOptionsCustomizer.class, () -> builder -> builder.maxSize(3))
			.run(context -> assertThat(GuardedConnectionPool.find(context.getBean(ConnectionFactory.class))
				.orElseThrow()
				.options()
				.maxSize()).isEqualTo(3));
	}

	/** A layer that only shows where it sits: its record accessor {@code unwrap()} is {@link Wrapped#unwrap()}. */
	private record Layer(String name, ConnectionFactory unwrap) implements ConnectionFactory, Wrapped<ConnectionFactory> {

		@Override
		public Publisher<? extends Connection> create() {
			return this.unwrap.create();
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return this.unwrap.getMetadata();
		}

	}

}
