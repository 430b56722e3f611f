package dev.reactivedata.monitoring.proxy;

import io.r2dbc.proxy.callback.ConnectionHolder;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

/**
 * The common part of the fast-path wrappers: the same answers to {@code unwrap}, {@code unwrapConnection},
 * {@code getProxyConfig}, {@code equals}, {@code hashCode} and {@code toString} as r2dbc-proxy's callback
 * handlers give, without going through them.
 *
 * @param <T> the wrapped R2DBC type
 */
abstract class DirectWrapper<T> implements Wrapped<T>, ConnectionHolder, ProxyConfigHolder {

	final T target;

	final Connection connection;

	final ProxyConfig config;

	DirectWrapper(T target, Connection connection, ProxyConfig config) {
		this.target = target;
		this.connection = connection;
		this.config = config;
	}

	@Override
	public final T unwrap() {
		return this.target;
	}

	@Override
	@SuppressWarnings("unchecked")
	public final <E> @Nullable E unwrap(Class<E> targetClass) {
		if (this.target instanceof Wrapped<?> wrapped) {
			return wrapped.unwrap(targetClass);
		}
		return targetClass.isInstance(this.target) ? (E) this.target : null;
	}

	@Override
	public final Connection unwrapConnection() {
		return this.connection;
	}

	@Override
	public final ProxyConfig getProxyConfig() {
		return this.config;
	}

	@Override
	public final boolean equals(@Nullable Object other) {
		return this.target.equals(other) || (other instanceof Wrapped<?> wrapped && other instanceof ProxyConfigHolder
				&& this.target.equals(wrapped.unwrap()));
	}

	@Override
	public final int hashCode() {
		return this.target.hashCode();
	}

	@Override
	public final String toString() {
		return this.target.getClass().getSimpleName() + "-proxy [" + this.target + "]";
	}

}
