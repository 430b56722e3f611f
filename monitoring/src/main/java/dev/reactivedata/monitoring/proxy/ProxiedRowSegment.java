package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.callback.RowSegmentCallbackHandler;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Wrapped;

/** A proxied {@link Result.RowSegment}: its row is wrapped by the handler. */
final class ProxiedRowSegment extends CallbackWrapper
		implements Result.RowSegment, Wrapped<Result.RowSegment>, ConnectionHolder, ProxyConfigHolder {

	ProxiedRowSegment(Result.RowSegment segment, QueryExecutionInfo execution, ProxyConfig config) {
		super(new RowSegmentCallbackHandler(segment, execution, config));
	}

	@Override
	public Row row() {
		return call(SpiMethods.ROW);
	}

	@Override
	public Result.RowSegment unwrap() {
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
