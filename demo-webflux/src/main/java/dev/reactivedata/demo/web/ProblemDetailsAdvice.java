package dev.reactivedata.demo.web;

import java.util.List;
import java.util.Map;

import dev.reactivedata.core.bulk.ImportInterruptedException;
import dev.reactivedata.core.bulk.ImportReport;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.repository.VersionConflictException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Answers every handler error as RFC 9457 problem details; validation failures (bodies and query parameters) add
 * {@code errors: [{field, message}]}, as do bodies Jackson cannot read (a wrong type, an enum value that does not
 * exist, an unknown property); a stale {@code version} is a 409; a non-atomic import cut short is a 503 that
 * says how many articles were committed and the first line to send again ({@code inserted},
 * {@code firstUnprocessedLine}, {@code rejected}).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final int IMPORT_RETRY_AFTER_SECONDS = 2;

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = ex.getBody();
		problem.setDetail("The request has invalid fields.");
		problem.setProperty("errors", ex.getFieldErrors()
			.stream()
			.map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList());
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		return JsonBodyViolations.of(ex).map(errors -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request body has invalid fields.");
			problem.setProperty("errors", errors);
			return handleExceptionInternal(ex, problem, headers, status, exchange);
		}).orElseGet(() -> super.handleServerWebInputException(ex, headers, status, exchange));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidField(InvalidFieldException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.BAD_REQUEST));
		problem.setProperty("errors", List.of(Map.of("field", ex.getField(), "message", ex.getMessage())));
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidQuery(InvalidQueryException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid query parameters.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.BAD_REQUEST));
		problem.setProperty("errors", ex.getViolations()
			.stream()
			.map(violation -> Map.of("field", violation.field(), "message", violation.message()))
			.toList());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> versionConflict(OptimisticLockingFailureException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The resource was changed since you read it: read it again and retry with its current version.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.CONFLICT));
		if (ex instanceof VersionConflictException conflict && conflict.getVersion() != null) {
			problem.setProperty("staleVersion", conflict.getVersion());
		}
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"A line or body is larger than this endpoint accepts.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.CONTENT_TOO_LARGE));
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> importInterrupted(ImportInterruptedException ex) {
		ImportReport committed = ex.getCommitted();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The import stopped part-way: " + committed.inserted() + " articles were committed. Send the lines from line "
						+ ex.getFirstUnprocessedLine() + " on again to finish it.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.SERVICE_UNAVAILABLE));
		problem.setProperty("inserted", committed.inserted());
		problem.setProperty("firstUnprocessedLine", ex.getFirstUnprocessedLine());
		problem.setProperty("rejected", committed.rejected());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(IMPORT_RETRY_AFTER_SECONDS))
			.body(problem);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: (ex instanceof ErrorResponse response) ? response.getBody() : null;
		if (problem != null && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			problem.setType(ProblemTypes.forStatus(status));
		}
		return super.handleExceptionInternal(ex, body, headers, status, exchange);
	}

}
