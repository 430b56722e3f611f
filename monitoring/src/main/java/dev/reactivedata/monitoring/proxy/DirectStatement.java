package dev.reactivedata.monitoring.proxy;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.QueriesExecutionContext;
import io.r2dbc.proxy.core.Bindings;
import io.r2dbc.proxy.core.BoundValue;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;

/**
 * A fast-path {@link Statement}: binds go straight to the statement and are recorded for the listeners'
 * {@link QueryInfo}, as r2dbc-proxy records them; each subscription to {@link #execute()} is one observed
 * execution.
 */
final class DirectStatement extends DirectWrapper<Statement> implements Statement {

	private final String sql;

	private final ConnectionInfo info;

	private final List<Bindings> bindings = new ArrayList<>(1);

	private int current;

	DirectStatement(Statement statement, String sql, ConnectionInfo info, ProxyConfig config) {
		super(statement, info.getOriginalConnection(), config);
		this.sql = sql;
		this.info = info;
	}

	@Override
	public Statement add() {
		this.target.add();
		this.current++;
		return this;
	}

	@Override
	public Statement bind(int index, Object value) {
		this.target.bind(index, value);
		currentBindings().addIndexBinding(Bindings.indexBinding(index, BoundValue.value(value)));
		return this;
	}

	@Override
	public Statement bind(String name, Object value) {
		this.target.bind(name, value);
		currentBindings().addNamedBinding(Bindings.namedBinding(name, BoundValue.value(value)));
		return this;
	}

	@Override
	public Statement bindNull(int index, Class<?> type) {
		this.target.bindNull(index, type);
		currentBindings().addIndexBinding(Bindings.indexBinding(index, BoundValue.nullValue(type)));
		return this;
	}

	@Override
	public Statement bindNull(String name, Class<?> type) {
		this.target.bindNull(name, type);
		currentBindings().addNamedBinding(Bindings.namedBinding(name, BoundValue.nullValue(type)));
		return this;
	}

	@Override
	public Publisher<? extends Result> execute() {
		QueryInfo query = new QueryInfo(this.sql);
		query.getBindingsList().addAll(this.bindings);
		Execution execution = new Execution(SpiMethods.STATEMENT_EXECUTE, this.info, List.of(query),
				this.bindings.size());
		QueryCallbacks callbacks = new QueryCallbacks(execution,
				new QueriesExecutionContext(this.config.getClock()), this.config.getListeners());
		return new ObservedExecution(this.target.execute(), callbacks,
				result -> new DirectResult(result, this.connection, callbacks, this.config));
	}

	@Override
	public Statement returnGeneratedValues(String... columns) {
		this.target.returnGeneratedValues(columns);
		return this;
	}

	@Override
	public Statement fetchSize(int rows) {
		this.target.fetchSize(rows);
		return this;
	}

	private Bindings currentBindings() {
		if (this.bindings.size() <= this.current) {
			this.bindings.add(new Bindings());
		}
		return this.bindings.get(this.current);
	}

}
