package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.proxy.callback.StatementCallbackHandler;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.StatementInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/** A proxied {@link Statement}: bindings are recorded and {@code execute()} is observed by the handler. */
final class ProxiedStatement extends CallbackWrapper
		implements Statement, Wrapped<Statement>, ConnectionHolder, ProxyConfigHolder {

	ProxiedStatement(Statement statement, StatementInfo statementInfo, ConnectionInfo connectionInfo,
			ProxyConfig config) {
		super(new StatementCallbackHandler(statement, statementInfo, connectionInfo, config));
	}

	@Override
	public Statement add() {
		return call(SpiMethods.STATEMENT_ADD);
	}

	@Override
	public Statement bind(int index, Object value) {
		return call(SpiMethods.BIND_INDEX, index, value);
	}

	@Override
	public Statement bind(String name, Object value) {
		return call(SpiMethods.BIND_NAME, name, value);
	}

	@Override
	public Statement bindNull(int index, Class<?> type) {
		return call(SpiMethods.BIND_NULL_INDEX, index, type);
	}

	@Override
	public Statement bindNull(String name, Class<?> type) {
		return call(SpiMethods.BIND_NULL_NAME, name, type);
	}

	@Override
	public Publisher<? extends Result> execute() {
		return call(SpiMethods.STATEMENT_EXECUTE);
	}

	@Override
	public Statement returnGeneratedValues(String... columns) {
		return call(SpiMethods.RETURN_GENERATED_VALUES, (Object) columns);
	}

	@Override
	public Statement fetchSize(int rows) {
		return call(SpiMethods.FETCH_SIZE, rows);
	}

	@Override
	public Statement unwrap() {
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
