package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.BatchCallbackHandler;
import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/** A proxied {@link Batch}: {@code execute()} is observed by the handler. */
final class ProxiedBatch extends CallbackWrapper implements Batch, Wrapped<Batch>, ConnectionHolder, ProxyConfigHolder {

	ProxiedBatch(Batch batch, ConnectionInfo connectionInfo, ProxyConfig config) {
		super(new BatchCallbackHandler(batch, connectionInfo, config));
	}

	@Override
	public Batch add(String sql) {
		return call(SpiMethods.BATCH_ADD, sql);
	}

	@Override
	public Publisher<? extends Result> execute() {
		return call(SpiMethods.BATCH_EXECUTE);
	}

	@Override
	public Batch unwrap() {
		return call(SpiMethods.UNWRAP);
	}

	@Override
	public <E> E unwrap(Class<E> targetClass) {
		return call(SpiMethods.UNWRAP_CLASS, targetClass);
	}

	@Override
	public Connection unwrapConnection() {
		return call(SpiMethods.UNWRAP_CONNECTION);
	}

}
