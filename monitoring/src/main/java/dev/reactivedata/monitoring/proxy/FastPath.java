package dev.reactivedata.monitoring.proxy;

import java.lang.reflect.Method;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.listener.BindParameterConverter;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.proxy.listener.ResultRowConverter;

/**
 * Decides whether a connection may take the fast path: only query callbacks are wanted, so method calls need
 * not be timed and reported. That holds when no registered listener overrides {@code beforeMethod} or
 * {@code afterMethod} (method tracing, e.g. a {@code ProxyMethodExecutionListener}) and the bind-parameter and
 * result-row converters are r2dbc-proxy's defaults.
 */
final class FastPath {

	private static final ProxyConfig DEFAULTS = new ProxyConfig();

	private static final BindParameterConverter DEFAULT_BIND_CONVERTER = DEFAULTS.getBindParameterConverter();

	private static final ResultRowConverter DEFAULT_ROW_CONVERTER = DEFAULTS.getResultRowConverter();

	private static final ClassValue<Boolean> TRACES_METHODS = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return overrides(type, "beforeMethod") || overrides(type, "afterMethod");
		}

	};

	private FastPath() {
	}

	/**
	 * @param config the proxy configuration as it is now
	 * @return whether only query callbacks are wanted
	 */
	static boolean applies(ProxyConfig config) {
		if (config.getBindParameterConverter() != DEFAULT_BIND_CONVERTER
				|| config.getResultRowConverter() != DEFAULT_ROW_CONVERTER) {
			return false;
		}
		for (ProxyExecutionListener listener : config.getListeners().getListeners()) {
			if (TRACES_METHODS.get(listener.getClass())) {
				return false;
			}
		}
		return true;
	}

	private static boolean overrides(Class<?> type, String name) {
		try {
			Method method = type.getMethod(name, MethodExecutionInfo.class);
			return method.getDeclaringClass() != ProxyExecutionListener.class;
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(type.getName() + " has no " + name + "(MethodExecutionInfo)", ex);
		}
	}

}
