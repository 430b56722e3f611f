package dev.reactivedata.demo.auth;

import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.demo.web.ProblemResponses;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

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
 * puts the caller and its tenant into the Reactor Context. Every answer to {@code /api/**} takes a token from the
 * caller's rate-limit bucket (that of the key, or without a valid key that of the client's address) and carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; an empty bucket answers 429 with
 * {@code Retry-After}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyAuthenticationFilter implements WebFilter {

	static final String HEADER = "X-API-Key";

	private static final String STREAM_PATH = "/api/metrics/stream";

	private final ApiKeyStore keys;

	private final RateLimiter limiter;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeyStore keys, RateLimiter limiter, ProblemResponses problems) {
		this.keys = keys;
		this.limiter = limiter;
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
			return unauthorized(exchange, "Send your API key in the X-API-Key header.");
		}
		return this.keys.authenticate(apiKey)
			.map(client -> limited(exchange, this.limiter.consume(client), () -> authorize(client, path, exchange, chain)))
			.defaultIfEmpty(Mono.defer(() -> unauthorized(exchange, "Unknown API key.")))
			.flatMap(next -> next);
	}

	private Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
		return limited(exchange, this.limiter.consumeAnonymous(clientAddress(exchange)),
				() -> this.problems.write(exchange, HttpStatus.UNAUTHORIZED, detail));
	}

	private Mono<Void> limited(ServerWebExchange exchange, Mono<RateLimit> limit, Supplier<Mono<Void>> next) {
		if (!this.limiter.enabled()) {
			return next.get();
		}
		return limit.flatMap(answer -> {
			// Written at commit, so that whatever answers (a handler, an error handler) the headers are there.
			exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> answer.writeTo(exchange.getResponse().getHeaders())));
			if (!answer.allowed()) {
				return this.problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
						"Too many requests: retry after " + answer.retryAfterSeconds() + " s.");
			}
			return next.get();
		});
	}

	private Mono<Void> authorize(ApiClient client, String path, ServerWebExchange exchange, WebFilterChain chain) {
		boolean adminRoute = path.startsWith("/api/metrics/") || path.startsWith("/api/db/")
				|| path.startsWith("/api/admin/");
		if (adminRoute && client.role() != ApiClient.Role.ADMIN) {
			return this.problems.write(exchange, HttpStatus.FORBIDDEN, "This endpoint needs an admin key.");
		}
		if (!adminRoute && client.tenantId() == null) {
			return this.problems.write(exchange, HttpStatus.FORBIDDEN,
					"This endpoint works on a tenant's data and needs a tenant key.");
		}
		Function<Context, Context> tenant = client.tenant()
			.map(TenantContext::withTenant)
			.orElseGet(TenantContext::withoutTenant);
		return chain.filter(exchange).contextWrite(context -> tenant.apply(client.writeTo(context)));
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private static @Nullable String presentedKey(ServerWebExchange exchange, String path) {
		String header = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (StringUtils.hasText(header) || !path.equals(STREAM_PATH)) {
			return header;
		}
		return exchange.getRequest().getQueryParams().getFirst("access_token");
	}

}
