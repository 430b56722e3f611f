package dev.reactivedata.core.repository;

import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionContext;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/**
 * Runs a fixed statement with one parameter on the connection {@code DatabaseClient} would use: the current
 * transaction's, left to it, or one taken from the factory and closed after the read. It translates errors as
 * {@code DatabaseClient} does. When the subscriber's context holds no Spring transaction context at all, the
 * connection is taken from the factory directly, which is what {@code ConnectionFactoryUtils} ends up doing there.
 * <p>
 * The reads by id run here rather than through {@code DatabaseClient}, which for every call parses the SQL for
 * named parameters, copies its bindings and wraps the connection in a reflective proxy; a fixed statement with
 * one positional parameter needs none of that. Statements built at runtime keep using {@code DatabaseClient}.
 * A {@code DatabaseClient} built with an {@code executeFunction} of its own does not see these reads; a
 * {@code ProxyConnectionFactory} listener does.
 */
final class ConnectionReads {

	/**
	 * The other key Spring's {@code TransactionContextManager} finds a transaction under (package-private there); when
	 * it cannot be loaded, every read takes the transaction-aware path.
	 */
	static final @Nullable Class<?> TRANSACTION_CONTEXT_HOLDER = springClass(
			"org.springframework.transaction.reactive.TransactionContextHolder");

	private final ConnectionFactory factory;

	ConnectionReads(ConnectionFactory factory) {
		this.factory = factory;
	}

	/** Emits the mapped rows of {@code sql} with {@code parameter} bound to {@code $1}. */
	<T> Flux<T> all(String sql, Object parameter, BiFunction<Row, RowMetadata, T> reader) {
		Function<Connection, Flux<T>> read = connection -> read(connection, sql, parameter, reader);
		return Flux.deferContextual(context -> mayBeInTransaction(context) ? onTransactionsConnection(read)
				: onOwnConnection(read))
			.onErrorMap(R2dbcException.class, ex -> ConnectionFactoryUtils.convertR2dbcException("executeMany", sql, ex));
	}

	/** Reads on the transaction's connection if there is one, as {@code DatabaseClient} does, else on a new one. */
	private <T> Flux<T> onTransactionsConnection(Function<Connection, Flux<T>> read) {
		return Flux.usingWhen(ConnectionFactoryUtils.getConnection(this.factory), read, this::release,
				(connection, error) -> release(connection), this::release);
	}

	/** Reads on a connection of its own, closed after the read. */
	private <T> Flux<T> onOwnConnection(Function<Connection, Flux<T>> read) {
		return Flux.usingWhen(Mono.from(this.factory.create()).onErrorMap(ConnectionReads::obtainFailed), read,
				Connection::close, (connection, error) -> connection.close(), Connection::close);
	}

	/**
	 * Whether the context may carry a Spring transaction, looked for as {@code TransactionContextManager} does.
	 * Without one, {@code ConnectionFactoryUtils} takes a connection from the factory and closes it after all, but
	 * only after a dozen operators and two errors per read.
	 */
	static boolean mayBeInTransaction(ContextView context) {
		return context.hasKey(TransactionContext.class) || TRANSACTION_CONTEXT_HOLDER == null
				|| context.hasKey(TRANSACTION_CONTEXT_HOLDER);
	}

	private static Throwable obtainFailed(Throwable error) {
		// As ConnectionFactoryUtils.getConnection reports it.
		return new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", error);
	}

	/**
	 * Emits the one mapped row of {@code sql}, or nothing; more than one row is an
	 * {@link IncorrectResultSizeDataAccessException}, as {@code DatabaseClient}'s {@code one()} reports it.
	 */
	<T> Mono<T> one(String sql, Object parameter, BiFunction<Row, RowMetadata, T> reader) {
		return all(sql, parameter, reader).singleOrEmpty()
			.onErrorMap(IndexOutOfBoundsException.class, ex -> new IncorrectResultSizeDataAccessException(1));
	}

	private static @Nullable Class<?> springClass(String name) {
		try {
			return Class.forName(name, false, TransactionContext.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static <T> Flux<T> read(Connection connection, String sql, Object parameter,
			BiFunction<Row, RowMetadata, T> reader) {
		return Flux.from(connection.createStatement(sql).bind(0, parameter).execute()).concatMap(result -> result.map(reader));
	}

	/**
	 * Closes the connection outside a transaction and leaves it to the transaction inside one, as
	 * {@code DatabaseClient} does. {@code ConnectionFactoryUtils.releaseConnection} would release the transaction's
	 * holder instead, which drops its connection when this read was the first to ask for it: the transaction's next
	 * statement would then run on another connection.
	 */
	private Mono<Void> release(Connection connection) {
		return ConnectionFactoryUtils.currentConnectionFactory(this.factory)
			.then()
			.onErrorResume(NoTransactionException.class, ex -> Mono.from(connection.close()));
	}

}
