package dev.reactivedata.demo.consistency;

import dev.reactivedata.core.routing.ConsistencySession;
import dev.reactivedata.core.routing.ConsistencyToken;
import dev.reactivedata.core.routing.InvalidConsistencyTokenException;
import dev.reactivedata.demo.web.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Read-your-writes across requests when reads are routed to replicas: a request's {@code X-Consistency-Token}
 * (the token an earlier response carried) starts the request's {@link ConsistencySession}, so its reads go only to
 * a replica that has replayed that position, else to the primary; the response carries the session's latest
 * token, moved forward by the request's own commits. A header that is no token is answered with a 400 problem.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class ConsistencyTokenWebFilter implements WebFilter {

	static final String HEADER = "X-Consistency-Token";

	private final ProblemResponses problems;

	ConsistencyTokenWebFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
		ConsistencySession session;
		try {
			session = ConsistencySession.start((presented != null) ? ConsistencyToken.parse(presented) : null);
		}
		catch (InvalidConsistencyTokenException ex) {
			return this.problems.write(exchange, HttpStatus.BAD_REQUEST, HEADER + " must be a token of an earlier "
					+ "response, like '16/B374D848'");
		}
		// A request that committed reads its position here, once, as the response is about to leave.
		exchange.getResponse().beforeCommit(() -> session.latest()
			.doOnNext(token -> exchange.getResponse().getHeaders().set(HEADER, token.toString()))
			.then());
		return chain.filter(exchange).contextWrite(session.bind());
	}

}
