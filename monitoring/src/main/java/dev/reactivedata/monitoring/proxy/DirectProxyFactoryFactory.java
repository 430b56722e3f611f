package dev.reactivedata.monitoring.proxy;

import java.util.Objects;

import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyFactory;
import io.r2dbc.proxy.callback.ProxyFactoryFactory;

/**
 * An r2dbc-proxy {@link ProxyFactoryFactory} whose proxies are small hand-written classes instead of JDK
 * dynamic proxies. Set it with {@link ProxyConfig#setProxyFactoryFactory} (Spring Boot: from a
 * {@code ProxyConnectionFactoryCustomizer}, through {@code builder.getProxyConfig()}).
 * <p>
 * Why: r2dbc-proxy's default factory creates a {@link java.lang.reflect.Proxy} for every connection,
 * statement, result and row and routes every call, each column read included, through reflection, a timing
 * record and a lifted publisher, even when every listener only wants query callbacks; we measured that at 10 to
 * 30% of a point read's throughput.
 * <p>
 * Two paths, chosen per connection when the driver creates it:
 * <ul>
 * <li>Fast path, when no listener traces method calls (none overrides {@code beforeMethod}/{@code afterMethod})
 * and the bind-parameter and result-row converters are the defaults: calls go straight to the driver, and only
 * the query callbacks are fired, as r2dbc-proxy fires them: {@code beforeQuery} on subscription to
 * {@code execute()} with the subscriber's Reactor Context in the value store under {@code ContextView.class},
 * {@code eachQueryResult} per mapped item, {@code afterQuery} once every result is consumed or cancelled, with
 * the bindings, {@code ConnectionInfo} counters and the execution duration recorded.</li>
 * <li>Otherwise every call goes to r2dbc-proxy's own callback handlers, exactly as from a JDK proxy.</li>
 * </ul>
 * Either way the proxies answer {@code Wrapped#unwrap}, {@code ConnectionHolder#unwrapConnection},
 * {@code ProxyConfigHolder#getProxyConfig}, {@code equals}, {@code hashCode} and {@code toString} as
 * r2dbc-proxy's do. Listeners that trace methods must be registered before connections are created.
 */
public final class DirectProxyFactoryFactory implements ProxyFactoryFactory {

	/**
	 * Creates the proxy factory of one configuration.
	 * @param proxyConfig the configuration whose listeners and converters the proxies use
	 * @return a new proxy factory
	 */
	@Override
	public ProxyFactory create(ProxyConfig proxyConfig) {
		return new DirectProxyFactory(Objects.requireNonNull(proxyConfig, "proxyConfig must not be null"));
	}

}
