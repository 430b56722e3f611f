package dev.reactivedata.demo.auth;

import java.time.Duration;

import io.github.bucket4j.ConsumptionProbe;

import org.springframework.http.HttpHeaders;

/**
 * What a bucket answered to one request.
 *
 * @param allowed whether the request took a token
 * @param limit the bucket's capacity
 * @param remaining the tokens left
 * @param resetSeconds the seconds until the bucket is full again
 * @param retryAfterSeconds for a refused request, the seconds until a token is available
 */
record RateLimit(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

	static final String LIMIT = "RateLimit-Limit";

	static final String REMAINING = "RateLimit-Remaining";

	static final String RESET = "RateLimit-Reset";

	static RateLimit of(ConsumptionProbe probe, long capacity) {
		return new RateLimit(probe.isConsumed(), capacity, Math.max(0, probe.getRemainingTokens()),
				seconds(probe.getNanosToWaitForReset()), Math.max(1, seconds(probe.getNanosToWaitForRefill())));
	}

	void writeTo(HttpHeaders headers) {
		headers.set(LIMIT, Long.toString(this.limit));
		headers.set(REMAINING, Long.toString(this.remaining));
		headers.set(RESET, Long.toString(this.resetSeconds));
		if (!this.allowed) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
	}

	private static long seconds(long nanos) {
		long seconds = Duration.ofNanos(nanos).toSeconds();
		return (Duration.ofSeconds(seconds).toNanos() < nanos) ? seconds + 1 : seconds;
	}

}
