package dev.reactivedata.monitoring.proxy;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;

/**
 * A fast-path {@link Result}: consuming it reports each item and the end of consumption to the execution's
 * callbacks; mapping functions see {@link DirectRow}s, as they see wrapped rows with r2dbc-proxy.
 */
final class DirectResult extends DirectWrapper<Result> implements Result {

	private final QueryCallbacks callbacks;

	DirectResult(Result result, Connection connection, QueryCallbacks callbacks, ProxyConfig config) {
		super(result, connection, config);
		this.callbacks = callbacks;
	}

	@Override
	public Publisher<Long> getRowsUpdated() {
		return new ObservedConsumption<>(this.target.getRowsUpdated(), this.callbacks);
	}

	@Override
	public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
		return new ObservedConsumption<>(
				this.target.map((row, metadata) -> mapping.apply(wrap(row), metadata)), this.callbacks);
	}

	@Override
	public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
		return new ObservedConsumption<>(
				this.target.map(readable -> mapping.apply((readable instanceof Row row) ? wrap(row) : readable)),
				this.callbacks);
	}

	@Override
	public Result filter(Predicate<Segment> filter) {
		return this.target.filter(filter);
	}

	@Override
	public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
		return new ObservedConsumption<>(this.target.flatMap(segment -> mapping.apply((segment instanceof RowSegment rows)
				? new ProxiedRowSegment(rows, this.callbacks.execution, this.config) : segment)), this.callbacks);
	}

	private Row wrap(Row row) {
		return new DirectRow(row, this.connection, this.config);
	}

}
