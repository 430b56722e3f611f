package dev.reactivedata.demo.auth;

import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.demo.web.ProblemResponses;
import org.jspecify.annotations.Nullable;
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
 * Authenticates every {@code /api/**} request by its {@code X-API-Key} header (the metrics stream also takes
 * {@code ?access_token=}, because EventSource cannot send headers), enforces admin and tenant routes, and
 * puts the caller and its tenant into the Reactor Context.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyAuthenticationFilter implements WebFilter {

	static final String HEADER = "X-API-Key";

	private static final String STREAM_PATH = "/api/metrics/stream";

	private final ApiKeyStore keys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeyStore keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith("/api/")) {
			return chain.filter(exchange);
		}
		String apiKey = presentedKey(exchange, path);
		if (!StringUtils.hasText(apiKey)) {
			return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "Send your API key in the X-API-Key header.");
		}
		return this.keys.authenticate(apiKey)
			.map(client -> authorize(client, path, exchange, chain))
			.defaultIfEmpty(Mono.defer(() -> this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unknown API key.")))
			.flatMap(next -> next);
	}

	private Mono<Void> authorize(ApiClient client, String path, ServerWebExchange exchange, WebFilterChain chain) {
		boolean adminRoute = path.startsWith("/api/metrics/") || path.startsWith("/api/db/");
		if (adminRoute && client.role() != ApiClient.Role.ADMIN) {
			return this.problems.write(exchange, HttpStatus.FORBIDDEN, "This endpoint needs an admin key.");
		}
		if (!adminRoute && client.tenantId() == null) {
			return this.problems.write(exchange, HttpStatus.FORBIDDEN,
					"This endpoint works on a tenant's data and needs a tenant key.");
		}
		return chain.filter(exchange)
			.contextWrite(client.tenant().map(TenantContext::withTenant).orElseGet(TenantContext::withoutTenant))
			.contextWrite(client::writeTo);
	}

	private static @Nullable String presentedKey(ServerWebExchange exchange, String path) {
		String header = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (StringUtils.hasText(header) || !path.equals(STREAM_PATH)) {
			return header;
		}
		return exchange.getRequest().getQueryParams().getFirst("access_token");
	}

}
