package dev.reactivedata.demo.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The last word on errors nothing else answered: a 500 problem document titled "Internal Server Error" that
 * names no exception, class or stack frame; the error itself is logged here with its stack trace. Errors that
 * carry their own status ({@link ErrorResponse}, such as a 404) pass on to Spring Boot's handler, which renders
 * them as problem details. Runs after {@link ServiceUnavailableExceptionHandler}.
 */
@Component
@Order(-2)
class InternalErrorExceptionHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(InternalErrorExceptionHandler.class);

	private final ProblemResponses problems;

	InternalErrorExceptionHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (error instanceof ErrorResponse || exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		logger.error("Answering 500 for " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath(),
				error);
		return this.problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR,
				"The server failed to answer this request. The error has been logged.");
	}

}
