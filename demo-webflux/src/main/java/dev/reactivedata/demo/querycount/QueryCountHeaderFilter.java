package dev.reactivedata.demo.querycount;

import dev.reactivedata.monitoring.query.QueryScope;
import dev.reactivedata.monitoring.web.QueryScopeWebFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@value #HEADER} to every {@code /api/**} response: the statements the request ran before its response
 * was committed, as counted by the monitoring module's request scope (authentication's key lookup included;
 * connection validation and tenant binding excluded). The header is written in {@code beforeCommit}, the last
 * moment headers can change; for a streamed body (SSE, NDJSON) that is when the first element is written.
 */
@Component
class QueryCountHeaderFilter implements WebFilter, Ordered {

	static final String HEADER = "X-Query-Count";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
			exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
				QueryScope scope = QueryScopeWebFilter.scope(exchange);
				exchange.getResponse().getHeaders().set(HEADER,
						String.valueOf((scope != null) ? scope.statementCount() : 0));
			}));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return QueryScopeWebFilter.ORDER + 1;
	}

}
