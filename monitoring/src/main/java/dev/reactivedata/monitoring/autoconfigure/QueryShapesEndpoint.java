package dev.reactivedata.monitoring.autoconfigure;

import java.util.List;

import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryShape;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code dbqueries}: the query shapes seen so far, mapping the opaque {@code shape} tag of the
 * {@code db.query} meters back to the normalized SQL (literals and bind values replaced by {@code ?}).
 */
@Endpoint(id = "dbqueries")
public final class QueryShapesEndpoint {

	private final QueryMonitor monitor;

	QueryShapesEndpoint(QueryMonitor monitor) {
		this.monitor = monitor;
	}

	/**
	 * Lists the shapes, ordered by id.
	 * @return the shapes and the configured limit
	 */
	@ReadOperation
	public QueryShapesDescriptor shapes() {
		return new QueryShapesDescriptor(this.monitor.options().maxShapes(), this.monitor.knownShapes());
	}

	/**
	 * The answer of the endpoint.
	 *
	 * @param maxShapes how many shapes are told apart; later ones share the shape {@code other}
	 * @param shapes the shapes seen so far: {@code id} (the meter tag), {@code operation} and {@code sql}
	 */
	public record QueryShapesDescriptor(int maxShapes, List<QueryShape> shapes) {
	}

}
