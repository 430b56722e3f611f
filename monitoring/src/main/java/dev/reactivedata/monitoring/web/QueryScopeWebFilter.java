package dev.reactivedata.monitoring.web;

import java.util.Objects;
import java.util.regex.Pattern;

import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryScope;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens a {@link QueryScope} for every request, writes it into the request's Reactor Context and the
 * exchange attributes ({@link #scope(ServerWebExchange)}), and closes it when the request completes, errors
 * or is cancelled, so that N+1 and budget events are raised once per request. The correlation id is the
 * {@value #REQUEST_ID_HEADER} request header when it is a plain token, else the exchange's request id.
 * <p>
 * Runs early ({@link #ORDER}) so that statements of later filters (authentication) are counted too.
 */
public final class QueryScopeWebFilter implements WebFilter, Ordered {

	/** The filter's order: before typical authentication filters. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	/** The request header whose value becomes the correlation id. */
	public static final String REQUEST_ID_HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = QueryScope.class.getName();

	private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final QueryMonitor monitor;

	/**
	 * Creates the filter.
	 * @param monitor the monitor that opens and closes scopes
	 */
	public QueryScopeWebFilter(QueryMonitor monitor) {
		this.monitor = Objects.requireNonNull(monitor, "monitor must not be null");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Mono.defer(() -> {
			QueryScope scope = this.monitor.openScope(correlationId(exchange),
					exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value());
			exchange.getAttributes().put(ATTRIBUTE, scope);
			return chain.filter(exchange)
				.contextWrite(scope::writeTo)
				.doFinally(signal -> this.monitor.close(scope));
		});
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Returns the query scope this filter opened for an exchange.
	 * @param exchange the exchange
	 * @return the scope, or {@code null} when the filter did not run for it
	 */
	public static @Nullable QueryScope scope(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	private static String correlationId(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(REQUEST_ID_HEADER);
		if (header != null && PLAIN_TOKEN.matcher(header).matches()) {
			return header;
		}
		return exchange.getRequest().getId();
	}

}
