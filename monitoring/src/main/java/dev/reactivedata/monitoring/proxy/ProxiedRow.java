package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.callback.RowCallbackHandler;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

/** A proxied {@link Row}: column reads go through the handler, so method listeners and converters see them. */
final class ProxiedRow extends CallbackWrapper implements Row, Wrapped<Row>, ConnectionHolder, ProxyConfigHolder {

	ProxiedRow(Row row, QueryExecutionInfo execution, ProxyConfig config) {
		super(new RowCallbackHandler(row, execution, config));
	}

	@Override
	public @Nullable Object get(int index) {
		return call(SpiMethods.GET_INDEX, index);
	}

	@Override
	public <T> @Nullable T get(int index, Class<T> type) {
		return call(SpiMethods.GET_INDEX_TYPE, index, type);
	}

	@Override
	public @Nullable Object get(String name) {
		return call(SpiMethods.GET_NAME, name);
	}

	@Override
	public <T> @Nullable T get(String name, Class<T> type) {
		return call(SpiMethods.GET_NAME_TYPE, name, type);
	}

	@Override
	public RowMetadata getMetadata() {
		return call(SpiMethods.ROW_GET_METADATA);
	}

	@Override
	public Row unwrap() {
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
