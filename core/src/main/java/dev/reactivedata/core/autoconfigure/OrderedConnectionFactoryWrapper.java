package dev.reactivedata.core.autoconfigure;

import java.util.function.UnaryOperator;

import io.r2dbc.spi.ConnectionFactory;

/**
 * A {@link ConnectionFactoryWrapper} from an order and a function.
 */
record OrderedConnectionFactoryWrapper(int order, UnaryOperator<ConnectionFactory> wrapping)
		implements ConnectionFactoryWrapper {

	@Override
	public ConnectionFactory wrap(ConnectionFactory connectionFactory) {
		return this.wrapping.apply(connectionFactory);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
