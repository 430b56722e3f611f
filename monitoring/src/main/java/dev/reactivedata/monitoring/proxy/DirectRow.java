package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;

/** A fast-path {@link Row}: column reads, one per column per row, go straight to the driver's row. */
final class DirectRow extends DirectWrapper<Row> implements Row {

	DirectRow(Row row, Connection connection, ProxyConfig config) {
		super(row, connection, config);
	}

	@Override
	public @Nullable Object get(int index) {
		return this.target.get(index);
	}

	@Override
	public <T> @Nullable T get(int index, Class<T> type) {
		return this.target.get(index, type);
	}

	@Override
	public @Nullable Object get(String name) {
		return this.target.get(name);
	}

	@Override
	public <T> @Nullable T get(String name, Class<T> type) {
		return this.target.get(name, type);
	}

	@Override
	public RowMetadata getMetadata() {
		return this.target.getMetadata();
	}

}
