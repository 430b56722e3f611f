package dev.reactivedata.monitoring.proxy;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

import io.r2dbc.proxy.callback.CallbackHandler;
import io.r2dbc.proxy.callback.ProxyConfig;
import org.jspecify.annotations.Nullable;

/**
 * The common part of the wrappers: every call goes to the r2dbc-proxy {@link CallbackHandler} with the
 * wrapper as the proxy, just as a JDK proxy's invocation handler would pass it, so listeners, converters,
 * {@code ConnectionInfo} bookkeeping and the common methods ({@code unwrap}, {@code equals}, ...) behave the
 * same. What is saved is the proxy class lookup and reflective construction per wrapped object.
 */
abstract class CallbackWrapper {

	private final CallbackHandler handler;

	CallbackWrapper(CallbackHandler handler) {
		this.handler = handler;
	}

	@SuppressWarnings("unchecked")
	final <T> T call(Method method, @Nullable Object... args) {
		try {
			return (T) this.handler.invoke(this, method, args);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// What a JDK proxy throws for a checked exception the interface does not declare.
			throw new UndeclaredThrowableException(ex);
		}
	}

	final <T> T call(Method method) {
		return call(method, (Object[]) null);
	}

	public final ProxyConfig getProxyConfig() {
		return call(SpiMethods.GET_PROXY_CONFIG);
	}

	@Override
	public final boolean equals(@Nullable Object other) {
		Boolean equal = call(SpiMethods.EQUALS, other);
		return equal;
	}

	@Override
	public final int hashCode() {
		Integer hash = call(SpiMethods.HASH_CODE);
		return hash;
	}

	@Override
	public final String toString() {
		return call(SpiMethods.TO_STRING);
	}

}
