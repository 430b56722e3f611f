package dev.reactivedata.monitoring.proxy;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.callback.QueriesExecutionContext;
import io.r2dbc.proxy.callback.ResultCallbackHandler;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/**
 * A proxied {@link Result}: the handler reports each mapped item and the end of consumption to the
 * listeners, and wraps the rows it hands to the mapping functions.
 */
final class ProxiedResult extends CallbackWrapper
		implements Result, Wrapped<Result>, ConnectionHolder, ProxyConfigHolder {

	ProxiedResult(Result result, QueryExecutionInfo execution, QueriesExecutionContext context, ProxyConfig config) {
		super(new ResultCallbackHandler(result, execution, config, context));
	}

	@Override
	public Publisher<Long> getRowsUpdated() {
		return call(SpiMethods.GET_ROWS_UPDATED);
	}

	@Override
	public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
		return call(SpiMethods.MAP_BI_FUNCTION, mapping);
	}

	@Override
	public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
		return call(SpiMethods.MAP_FUNCTION, mapping);
	}

	@Override
	public Result filter(Predicate<Segment> filter) {
		return call(SpiMethods.FILTER, filter);
	}

	@Override
	public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
		return call(SpiMethods.FLAT_MAP, mapping);
	}

	@Override
	public Result unwrap() {
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
