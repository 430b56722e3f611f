package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionFactoryCallbackHandler;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A proxied {@link ConnectionFactory}. On the {@linkplain FastPath fast path} a connection is created without
 * r2dbc-proxy's method callbacks, which nobody listens to then; otherwise every call goes to r2dbc-proxy's handler.
 */
final class ProxiedConnectionFactory extends CallbackWrapper
		implements ConnectionFactory, Wrapped<ConnectionFactory>, ProxyConfigHolder {

	private final ConnectionFactory factory;

	private final ProxyConfig config;

	ProxiedConnectionFactory(ConnectionFactory factory, ProxyConfig config) {
		super(new ConnectionFactoryCallbackHandler(factory, config));
		this.factory = factory;
		this.config = config;
	}

	@Override
	public Publisher<? extends Connection> create() {
		if (!FastPath.applies(this.config)) {
			return call(SpiMethods.FACTORY_CREATE);
		}
		return Mono.from(this.factory.create()).map(this::wrap);
	}

	/** Wraps a created connection as r2dbc-proxy's handler does, with the id its id manager gives. */
	private Connection wrap(Connection connection) {
		String id = this.config.getConnectionIdManager().getId(connection);
		return this.config.getProxyFactory().wrapConnection(connection, new ObservedConnectionInfo(connection, id));
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
