package dev.reactivedata.monitoring.proxy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;

/**
 * The {@link Method}s the wrappers hand to r2dbc-proxy's callback handlers, resolved once: the handlers
 * dispatch on them exactly as they do for a JDK proxy.
 */
final class SpiMethods {

	static final Method EQUALS = method(Object.class, "equals", Object.class);

	static final Method HASH_CODE = method(Object.class, "hashCode");

	static final Method TO_STRING = method(Object.class, "toString");

	static final Method UNWRAP = method(Wrapped.class, "unwrap");

	static final Method UNWRAP_CLASS = method(Wrapped.class, "unwrap", Class.class);

	static final Method UNWRAP_CONNECTION = method(ConnectionHolder.class, "unwrapConnection");

	static final Method GET_PROXY_CONFIG = method(ProxyConfigHolder.class, "getProxyConfig");

	static final Method FACTORY_CREATE = method(ConnectionFactory.class, "create");

	static final Method FACTORY_GET_METADATA = method(ConnectionFactory.class, "getMetadata");

	static final Method BEGIN_TRANSACTION = method(Connection.class, "beginTransaction");

	static final Method BEGIN_TRANSACTION_DEFINITION = method(Connection.class, "beginTransaction",
			TransactionDefinition.class);

	static final Method CLOSE = method(Connection.class, "close");

	static final Method COMMIT_TRANSACTION = method(Connection.class, "commitTransaction");

	static final Method CREATE_BATCH = method(Connection.class, "createBatch");

	static final Method CREATE_SAVEPOINT = method(Connection.class, "createSavepoint", String.class);

	static final Method CREATE_STATEMENT = method(Connection.class, "createStatement", String.class);

	static final Method IS_AUTO_COMMIT = method(Connection.class, "isAutoCommit");

	static final Method CONNECTION_GET_METADATA = method(Connection.class, "getMetadata");

	static final Method GET_TRANSACTION_ISOLATION_LEVEL = method(Connection.class, "getTransactionIsolationLevel");

	static final Method RELEASE_SAVEPOINT = method(Connection.class, "releaseSavepoint", String.class);

	static final Method ROLLBACK_TRANSACTION = method(Connection.class, "rollbackTransaction");

	static final Method ROLLBACK_TRANSACTION_TO_SAVEPOINT = method(Connection.class, "rollbackTransactionToSavepoint",
			String.class);

	static final Method SET_AUTO_COMMIT = method(Connection.class, "setAutoCommit", boolean.class);

	static final Method SET_LOCK_WAIT_TIMEOUT = method(Connection.class, "setLockWaitTimeout", Duration.class);

	static final Method SET_STATEMENT_TIMEOUT = method(Connection.class, "setStatementTimeout", Duration.class);

	static final Method SET_TRANSACTION_ISOLATION_LEVEL = method(Connection.class, "setTransactionIsolationLevel",
			IsolationLevel.class);

	static final Method VALIDATE = method(Connection.class, "validate", ValidationDepth.class);

	static final Method STATEMENT_ADD = method(Statement.class, "add");

	static final Method BIND_INDEX = method(Statement.class, "bind", int.class, Object.class);

	static final Method BIND_NAME = method(Statement.class, "bind", String.class, Object.class);

	static final Method BIND_NULL_INDEX = method(Statement.class, "bindNull", int.class, Class.class);

	static final Method BIND_NULL_NAME = method(Statement.class, "bindNull", String.class, Class.class);

	static final Method STATEMENT_EXECUTE = method(Statement.class, "execute");

	static final Method RETURN_GENERATED_VALUES = method(Statement.class, "returnGeneratedValues", String[].class);

	static final Method FETCH_SIZE = method(Statement.class, "fetchSize", int.class);

	static final Method BATCH_ADD = method(Batch.class, "add", String.class);

	static final Method BATCH_EXECUTE = method(Batch.class, "execute");

	static final Method GET_ROWS_UPDATED = method(Result.class, "getRowsUpdated");

	static final Method MAP_BI_FUNCTION = method(Result.class, "map", BiFunction.class);

	static final Method MAP_FUNCTION = method(Result.class, "map", Function.class);

	static final Method FILTER = method(Result.class, "filter", Predicate.class);

	static final Method FLAT_MAP = method(Result.class, "flatMap", Function.class);

	static final Method GET_INDEX = method(Readable.class, "get", int.class);

	static final Method GET_INDEX_TYPE = method(Readable.class, "get", int.class, Class.class);

	static final Method GET_NAME = method(Readable.class, "get", String.class);

	static final Method GET_NAME_TYPE = method(Readable.class, "get", String.class, Class.class);

	static final Method ROW_GET_METADATA = method(Row.class, "getMetadata");

	static final Method ROW = method(Result.RowSegment.class, "row");

	private SpiMethods() {
	}

	private static Method method(Class<?> type, String name, Class<?>... parameterTypes) {
		try {
			return type.getMethod(name, parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("R2DBC SPI method " + type.getName() + "." + name + " not found", ex);
		}
	}

}
