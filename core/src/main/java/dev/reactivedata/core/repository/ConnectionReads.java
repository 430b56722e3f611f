package dev.reactivedata.core.repository;

import java.util.function.BiFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.transaction.NoTransactionException;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

/**
 * Runs a fixed statement with one parameter on the connection {@code DatabaseClient} would use: the current
 * transaction's, left to it, or one taken from the factory and closed after the read. It translates errors as
 * {@code DatabaseClient} does.
 * <p>
 * The reads by id run here rather than through {@code DatabaseClient}, which for every call parses the SQL for
 * named parameters, copies its bindings and wraps the connection in a reflective proxy; a fixed statement with
 * one positional parameter needs none of that. Statements built at runtime keep using {@code DatabaseClient}.
 * A {@code DatabaseClient} built with an {@code executeFunction} of its own does not see these reads; a
 * {@code ProxyConnectionFactory} listener does.
 */
final class ConnectionReads {

	private final ConnectionFactory factory;

	ConnectionReads(ConnectionFactory factory) {
		this.factory = factory;
	}

	/** Emits the mapped rows of {@code sql} with {@code parameter} bound to {@code $1}. */
	<T> Flux<T> all(String sql, Object parameter, BiFunction<Row, RowMetadata, T> reader) {
		return Flux.usingWhen(ConnectionFactoryUtils.getConnection(this.factory),
				connection -> read(connection, sql, parameter, reader), this::release,
				(connection, error) -> release(connection), this::release)
			.onErrorMap(R2dbcException.class, ex -> ConnectionFactoryUtils.convertR2dbcException("executeMany", sql, ex));
	}

	/**
	 * Emits the one mapped row of {@code sql}, or nothing; more than one row is an
	 * {@link IncorrectResultSizeDataAccessException}, as {@code DatabaseClient}'s {@code one()} reports it.
	 */
	<T> Mono<T> one(String sql, Object parameter, BiFunction<Row, RowMetadata, T> reader) {
		return all(sql, parameter, reader).singleOrEmpty()
			.onErrorMap(IndexOutOfBoundsException.class, ex -> new IncorrectResultSizeDataAccessException(1));
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
