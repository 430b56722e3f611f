package dev.reactivedata.demo.auth;

import java.util.List;

import dev.reactivedata.demo.web.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets only admin keys read the actuator endpoints that tell about the system's insides: {@code
 * /actuator/health/details}, the health group that shows every component with its details (latencies, pool sizes,
 * Redis errors), and {@code /actuator/dbqueries}, the query shapes with their SQL. The public
 * {@code /actuator/health} shows statuses only. (Spring Boot's {@code show-details: when-authorized} needs Spring
 * Security, which the demo does without: its callers authenticate with API keys.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminActuatorFilter implements WebFilter {

	private static final List<String> ADMIN_PATHS = List.of("/actuator/health/details", "/actuator/dbqueries");

	private final ApiKeyStore keys;

	private final ProblemResponses problems;

	AdminActuatorFilter(ApiKeyStore keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (ADMIN_PATHS.stream().noneMatch(admin -> path.equals(admin) || path.startsWith(admin + "/"))) {
			return chain.filter(exchange);
		}
		String apiKey = exchange.getRequest().getHeaders().getFirst(ApiKeyAuthenticationFilter.HEADER);
		if (!StringUtils.hasText(apiKey)) {
			return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "Send an admin API key in the X-API-Key header.");
		}
		return this.keys.authenticate(apiKey)
			.map(client -> (client.role() == ApiClient.Role.ADMIN) ? chain.filter(exchange)
					: this.problems.write(exchange, HttpStatus.FORBIDDEN, "This endpoint needs an admin key."))
			.defaultIfEmpty(Mono.defer(() -> this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unknown API key.")))
			.flatMap(next -> next);
	}

}
