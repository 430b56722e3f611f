package dev.reactivedata.bench.external;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.harness.Sample;

/**
 * {@code redis-benchmark} issuing GETs of our benchmark keys: the machine's limit for a Redis read at a
 * given number of connections.
 */
public final class RedisBenchmark {

	private final String host;

	private final int port;

	/**
	 * Creates a runner.
	 * @param host the Redis host
	 * @param port the Redis port
	 */
	public RedisBenchmark(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/**
	 * Runs {@code requests} GETs of {@code keyPrefix + __rand_int__} (a 12-digit number below {@code keys}).
	 * @param clients concurrent connections
	 * @param requests total GETs
	 * @param keyPrefix the prefix of the keys, which must exist
	 * @param keys the number of keys
	 * @return GETs per second with p50/p99 latency
	 */
	public Sample get(int clients, long requests, String keyPrefix, int keys) {
		String output = Processes.run(List.of("redis-benchmark", "-h", this.host, "-p", Integer.toString(this.port), "-c",
				Integer.toString(clients), "-n", Long.toString(requests), "-r", Integer.toString(keys), "--csv", "GET",
				keyPrefix + "__rand_int__"), Map.of(), Duration.ofMinutes(5));
		return parse(output);
	}

	static Sample parse(String output) {
		List<String> lines = output.lines().map(String::strip).filter(line -> line.startsWith("\"")).toList();
		if (lines.size() < 2) {
			throw new IllegalStateException("unexpected redis-benchmark output:\n" + output);
		}
		List<String> header = fields(lines.get(0));
		List<String> values = fields(lines.get(lines.size() - 1));
		double rps = Double.parseDouble(values.get(header.indexOf("rps")));
		int p50 = header.indexOf("p50_latency_ms");
		int p99 = header.indexOf("p99_latency_ms");
		return new Sample(rps, (p50 >= 0) ? Double.parseDouble(values.get(p50)) : Double.NaN,
				(p99 >= 0) ? Double.parseDouble(values.get(p99)) : Double.NaN, Map.of());
	}

	private static List<String> fields(String csvLine) {
		String inner = csvLine.substring(1, csvLine.length() - 1);
		return List.of(inner.split("\",\""));
	}

}
