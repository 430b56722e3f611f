package dev.reactivedata.bench.external;

import dev.reactivedata.bench.harness.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class ToolOutputUnitTests {

	@Test
	void readsPgbenchTps() {
		Sample sample = Pgbench.parse("""
				number of transactions actually processed: 64380
				latency average = 0.497 ms
				initial connection time = 12.345 ms
				tps = 32190.123456 (without initial connection time)
				""");
		assertThat(sample.value()).isCloseTo(32190.12, within(0.01));
		assertThat(sample.extras()).containsEntry("latency avg ms", 0.497);
	}

	@Test
	void readsRedisBenchmarkCsv() {
		Sample sample = RedisBenchmark.parse("""
				"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
				"GET rdl-bench:k:__rand_int__","13333.33","0.140","0.016","0.031","0.127","3.207","3.239"
				""");
		assertThat(sample.value()).isEqualTo(13333.33);
		assertThat(sample.p50Millis()).isEqualTo(0.031);
		assertThat(sample.p99Millis()).isEqualTo(3.207);
	}

	@Test
	void readsWrkRateAndPercentiles() {
		Sample sample = Wrk.parse("""
				Running 1s test @ http://127.0.0.1:8080/api/articles/1
				  2 threads and 16 connections
				  Thread Stats   Avg      Stdev     Max   +/- Stdev
				    Latency     1.23ms  456.00us   9.87ms   80.00%
				    Req/Sec     6.50k   500.00     7.00k    70.00%
				  Latency Distribution
				     50%  850.00us
				     75%    1.40ms
				     90%    1.80ms
				     99%    3.20ms
				  12950 requests in 1.00s, 5.00MB read
				  Non-2xx or 3xx responses: 3
				Requests/sec:  12950.00
				Transfer/sec:      5.00MB
				""");
		assertThat(sample.value()).isEqualTo(12950.0);
		assertThat(sample.p50Millis()).isCloseTo(0.85, within(1e-9));
		assertThat(sample.p99Millis()).isEqualTo(3.2);
		assertThat(sample.extras()).containsEntry("non-2xx", 3.0);
	}

	@Test
	void readsWrkRunsOfExpectedRejections() {
		Sample sample = Wrk.parse("""
				  Latency Distribution
				     50%  400.00us
				     99%    2.00ms
				  100 requests in 1.00s, 5.00KB read
				  Non-2xx or 3xx responses: 100
				Requests/sec:    100.00
				""", true);
		assertThat(sample.value()).isEqualTo(100.0);
		assertThat(sample.p99Millis()).isEqualTo(2.0);
		assertThat(sample.extras()).containsEntry("non-2xx", 100.0);
	}

	@Test
	void rejectsWrkRunsThatMostlyFailed() {
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse("""
				  100 requests in 1.00s, 5.00KB read
				  Non-2xx or 3xx responses: 100
				Requests/sec:    100.00
				"""));
	}

}
