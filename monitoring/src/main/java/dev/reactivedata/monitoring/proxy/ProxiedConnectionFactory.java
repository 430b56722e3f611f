package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionFactoryCallbackHandler;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/** A proxied {@link ConnectionFactory}. */
final class ProxiedConnectionFactory extends CallbackWrapper
		implements ConnectionFactory, Wrapped<ConnectionFactory>, ProxyConfigHolder {

	ProxiedConnectionFactory(ConnectionFactory factory, ProxyConfig config) {
		super(new ConnectionFactoryCallbackHandler(factory, config));
	}

	@Override
	public Publisher<? extends Connection> create() {
		return call(SpiMethods.FACTORY_CREATE);
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return call(SpiMethods.FACTORY_GET_METADATA);
	}

	@Override
	public ConnectionFactory unwrap() {
		return call(SpiMethods.UNWRAP);
	}

	@Override
	public <E> E unwrap(Class<E> targetClass) {
		return call(SpiMethods.UNWRAP_CLASS, targetClass);
	}

}
