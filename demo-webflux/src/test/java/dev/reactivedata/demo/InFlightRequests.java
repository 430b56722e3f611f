package dev.reactivedata.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The requests a test server has received and not finished, for {@link ThreadDumpOnSlowResponse}: a request the
 * client waits for that the server never saw is lost in transport, one the server holds says how far it got.
 */
final class InFlightRequests implements WebFilter, Ordered {

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Request> requests = new ConcurrentHashMap<>();

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long id = this.ids.incrementAndGet();
		Request request = new Request(exchange, System.nanoTime());
		this.requests.put(id, request);
		return chain.filter(exchange).doFinally(signal -> this.requests.remove(id));
	}

	/** @return a line for each unfinished request: method, path, age and whether its response is committed */
	String describe() {
		StringBuilder lines = new StringBuilder();
		this.requests.forEach((id, request) -> lines.append("  #").append(id).append(' ')
			.append(request.exchange().getRequest().getMethod()).append(' ')
			.append(request.exchange().getRequest().getURI()).append(" for ")
			.append(Duration.ofNanos(System.nanoTime() - request.started()).toMillis()).append(" ms, response ")
			.append(request.exchange().getResponse().isCommitted() ? "committed " : "not committed ")
			.append(request.exchange().getResponse().getStatusCode()).append('\n'));
		return lines.isEmpty() ? "  none\n" : lines.toString();
	}

	private record Request(ServerWebExchange exchange, long started) {
	}

}
