package dev.reactivedata.monitoring.proxy;

import java.util.Objects;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyFactory;
import io.r2dbc.proxy.callback.QueriesExecutionContext;
import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.StatementInfo;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;

/**
 * The {@link ProxyFactory} of one {@link ProxyConfig}. A connection takes the fast path ({@link DirectConnection}
 * and the statements, results and rows it hands out) when {@link FastPath} says only query callbacks are
 * wanted, decided when the connection is created; otherwise every object is a {@link CallbackWrapper} around
 * r2dbc-proxy's own handler, which is where the other methods of this factory are called from.
 */
final class DirectProxyFactory implements ProxyFactory {

	private final ProxyConfig config;

	DirectProxyFactory(ProxyConfig config) {
		this.config = Objects.requireNonNull(config, "config must not be null");
	}

	@Override
	public ConnectionFactory wrapConnectionFactory(ConnectionFactory connectionFactory) {
		return new ProxiedConnectionFactory(connectionFactory, this.config);
	}

	@Override
	public Connection wrapConnection(Connection connection, ConnectionInfo connectionInfo) {
		return FastPath.applies(this.config) ? new DirectConnection(connection, connectionInfo, this.config)
				: new ProxiedConnection(connection, connectionInfo, this.config);
	}

	@Override
	public Batch wrapBatch(Batch batch, ConnectionInfo connectionInfo) {
		return new ProxiedBatch(batch, connectionInfo, this.config);
	}

	@Override
	public Statement wrapStatement(Statement statement, StatementInfo statementInfo, ConnectionInfo connectionInfo) {
		return new ProxiedStatement(statement, statementInfo, connectionInfo, this.config);
	}

	@Override
	public Result wrapResult(Result result, QueryExecutionInfo executionInfo, QueriesExecutionContext context) {
		return new ProxiedResult(result, executionInfo, context, this.config);
	}

	@Override
	public Row wrapRow(Row row, QueryExecutionInfo executionInfo) {
		return new ProxiedRow(row, executionInfo, this.config);
	}

	@Override
	public Result.RowSegment wrapRowSegment(Result.RowSegment rowSegment, QueryExecutionInfo executionInfo) {
		return new ProxiedRowSegment(rowSegment, executionInfo, this.config);
	}

}
