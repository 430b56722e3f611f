package dev.reactivedata.core.autoconfigure;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.core.Ordered;

/**
 * One layer of the wrapper chain around the application's {@link ConnectionFactory} bean. Every bean of this type is
 * applied, in one place ({@link ReactiveDataConnectionFactoryAutoConfiguration}), to each {@code ConnectionFactory}
 * bean once it is initialized: lowest {@link #getOrder() order} first, so the lowest order is the innermost layer and
 * the highest the outermost. The layers of the reactive-data-layer modules take the orders below, a hundred apart so
 * that an application can put its own layer between two of them; a layer returns the factory unchanged when it does
 * not apply to it. A layer is created while the connection factory is, so it must not depend on that factory.
 * <p>
 * This chain is about the pooled factory that the application uses. Spring Boot's own anchors stay where they are:
 * {@code ConnectionFactoryOptionsBuilderCustomizer} for the driver's options, {@code ConnectionFactoryDecorator} and
 * {@code ProxyConnectionFactoryCustomizer} for the driver factory inside the pool; the pool's options are changed by
 * a {@link PoolOptionsCustomizer}.
 */
public interface ConnectionFactoryWrapper extends Ordered {

	/**
	 * Spring Boot's r2dbc-pool {@code ConnectionPool} replaced by the guarded pool (leak tracking, statement timeout,
	 * fast failure while the database is away), innermost so every other layer sees the guarded pool.
	 */
	int GUARDED_POOL = 100;

	/**
	 * Reads routed to streaming replicas (only with replicas configured): right on the primary's pool, so that every
	 * outer layer applies to replica connections too.
	 */
	int READ_ROUTING = 200;

	/** The tenant of the Reactor Context bound to every connection handed out. */
	int TENANT_BINDING = 300;

	/**
	 * Connection acquisition observed (the monitoring module): outermost, so the tenant binding's statement counts as
	 * part of the acquisition.
	 */
	int ACQUISITION_OBSERVATION = 400;

	/**
	 * Wraps (or replaces) the connection factory.
	 * @param connectionFactory the factory as wrapped by the layers of lower order
	 * @return the wrapped factory, or {@code connectionFactory} itself when this layer does not apply to it
	 */
	ConnectionFactory wrap(ConnectionFactory connectionFactory);

	/**
	 * Returns a layer of the given order.
	 * @param order the layer's place in the chain: one of the constants of this interface, or a value between two
	 * @param wrapping wraps a factory, returning it unchanged when the layer does not apply
	 * @return the layer
	 */
	static ConnectionFactoryWrapper of(int order, UnaryOperator<ConnectionFactory> wrapping) {
		Objects.requireNonNull(wrapping, "wrapping must not be null");
		return new OrderedConnectionFactoryWrapper(order, wrapping);
	}

}
