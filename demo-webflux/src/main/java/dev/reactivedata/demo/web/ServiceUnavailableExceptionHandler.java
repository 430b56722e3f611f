package dev.reactivedata.demo.web;

import java.time.Duration;

import dev.reactivedata.core.pool.PoolExhaustedException;
import dev.reactivedata.core.pool.PoolUnavailableException;
import dev.reactivedata.core.pool.StatementTimeoutException;
import dev.reactivedata.core.tx.TransactionRetryExhaustedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers 503 problem details with {@code Retry-After} when the connection pool is exhausted, the database is
 * unreachable, a statement got no answer in time or a write kept deadlocking past its retries, wherever the error was raised (a handler, or a web filter such as authentication). The error may
 * arrive wrapped by Spring ({@code Failed to obtain R2DBC Connection}, {@code Could not open R2DBC Connection for
 * transaction}); the cause chain is searched. Other errors pass on to the next handler
 * ({@link InternalErrorExceptionHandler}).
 */
@Component
@Order(-3)
class ServiceUnavailableExceptionHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(ServiceUnavailableExceptionHandler.class);

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);

	private static final Duration CONFLICT_RETRY_AFTER = Duration.ofSeconds(1);

	private final ProblemResponses problems;

	ServiceUnavailableExceptionHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		Unavailable unavailable = classify(error);
		if (unavailable == null || exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		logger.warn("Answering 503 for " + exchange.getRequest().getPath() + ": " + error);
		long seconds = Math.max(1, (unavailable.retryAfter().toMillis() + 999) / 1000);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		return this.problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, unavailable.detail());
	}

	private static @Nullable Unavailable classify(Throwable error) {
		boolean resourceFailure = false;
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			Unavailable unavailable = unavailable(candidate);
			// A rollback that failed on the dead connection carries the statement's own error as suppressed.
			for (Throwable suppressed : candidate.getSuppressed()) {
				unavailable = (unavailable != null) ? unavailable : unavailable(suppressed);
			}
			if (unavailable != null) {
				return unavailable;
			}
			if (candidate instanceof DataAccessResourceFailureException
					|| candidate instanceof CannotCreateTransactionException) {
				resourceFailure = true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return resourceFailure ? new Unavailable("The database is unavailable. Try again shortly.", DEFAULT_RETRY_AFTER)
				: null;
	}

	private static @Nullable Unavailable unavailable(Throwable candidate) {
		if (candidate instanceof StatementTimeoutException timeout) {
			return new Unavailable("The database did not answer in time. Try again shortly.", timeout.getRetryAfter());
		}
		if (candidate instanceof TransactionRetryExhaustedException) {
			return new Unavailable("The database kept reporting conflicting writes. Try again shortly.",
					CONFLICT_RETRY_AFTER);
		}
		if (candidate instanceof PoolExhaustedException exhausted) {
			return new Unavailable("The service is busy: no database connection was free. Try again shortly.",
					exhausted.getRetryAfter());
		}
		if (candidate instanceof PoolUnavailableException unavailable) {
			return new Unavailable("The database is unavailable. Try again shortly.", unavailable.getRetryAfter());
		}
		return null;
	}

	private record Unavailable(String detail, Duration retryAfter) {
	}

}
