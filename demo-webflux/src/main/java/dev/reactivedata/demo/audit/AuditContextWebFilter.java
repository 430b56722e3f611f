package dev.reactivedata.demo.audit;

import java.util.regex.Pattern;

import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.demo.auth.ApiClient;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts the authenticated caller (as actor) and the request's correlation id into the Reactor Context for the
 * audit log. The correlation id is the client's {@code X-Correlation-Id} when it is a short token, else the
 * request id; it is echoed in the response.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AuditContextWebFilter implements WebFilter {

	static final String CORRELATION_HEADER = "X-Correlation-Id";

	private static final Pattern SHORT_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String correlationId = correlationId(exchange);
		exchange.getResponse().getHeaders().set(CORRELATION_HEADER, correlationId);
		return ApiClient.current()
			.map(client -> chain.filter(exchange).contextWrite(AuditContext.withActor(client.actor())))
			.defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
			.flatMap(next -> next)
			.contextWrite(AuditContext.withCorrelationId(correlationId));
	}

	private static String correlationId(ServerWebExchange exchange) {
		String presented = exchange.getRequest().getHeaders().getFirst(CORRELATION_HEADER);
		if (presented != null && SHORT_TOKEN.matcher(presented).matches()) {
			return presented;
		}
		return exchange.getRequest().getId();
	}

}
