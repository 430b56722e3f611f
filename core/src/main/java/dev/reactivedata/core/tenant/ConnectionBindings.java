package dev.reactivedata.core.tenant;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The tenant each physical connection is known to be bound to. Weak keys: a connection closed by the pool
 * (or killed by the server) drops out of the map with it, and a new physical connection starts unknown.
 */
final class ConnectionBindings {

	private final Map<Object, String> bindings = Collections.synchronizedMap(new WeakHashMap<>());

	boolean isBoundTo(Object connection, String tenant) {
		return tenant.equals(this.bindings.get(connection));
	}

	Optional<String> get(Object connection) {
		return Optional.ofNullable(this.bindings.get(connection));
	}

	void forget(Object connection) {
		this.bindings.remove(connection);
	}

	void record(Object connection, String tenant) {
		this.bindings.put(connection, tenant);
	}

}
