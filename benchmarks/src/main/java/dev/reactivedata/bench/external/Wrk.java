package dev.reactivedata.bench.external;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reactivedata.bench.harness.Sample;

/**
 * {@code wrk}: closed-loop HTTP load on loopback with latency percentiles.
 */
public final class Wrk {

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private Wrk() {
	}

	/**
	 * Loads one URL for the duration.
	 * @param url the URL, on loopback
	 * @param headers request headers
	 * @param connections concurrent connections
	 * @param duration whole seconds of load
	 * @return requests per second with p50/p99 latency; {@code non-2xx} as an extra
	 */
	public static Sample get(String url, Map<String, String> headers, int connections, Duration duration) {
		return parse(run(url, headers, connections, duration));
	}

	/**
	 * Loads one URL whose answers are meant to be errors (such as the 401 of an unknown API key): unlike
	 * {@link #get}, a run of non-2xx answers is the measurement, not a failure.
	 * @param url the URL, on loopback
	 * @param headers request headers
	 * @param connections concurrent connections
	 * @param duration whole seconds of load
	 * @return requests per second with p50/p99 latency; {@code non-2xx} as an extra
	 */
	public static Sample getRejected(String url, Map<String, String> headers, int connections, Duration duration) {
		return parse(run(url, headers, connections, duration), true);
	}

	private static String run(String url, Map<String, String> headers, int connections, Duration duration) {
		int threads = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
		List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c",
				Integer.toString(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--latency"));
		headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
		command.add(url);
		return Processes.run(command, Map.of(), duration.plusMinutes(2));
	}

	static Sample parse(String output) {
		return parse(output, false);
	}

	static Sample parse(String output, boolean rejectionsExpected) {
		Matcher rate = RATE.matcher(output);
		if (!rate.find()) {
			throw new IllegalStateException("no Requests/sec in wrk output:\n" + output);
		}
		double p50 = Double.NaN;
		double p99 = Double.NaN;
		Matcher percentile = PERCENTILE.matcher(output);
		while (percentile.find()) {
			double millis = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
				case "us" -> 0.001;
				case "s" -> 1000.0;
				default -> 1.0;
			};
			if (percentile.group(1).equals("50")) {
				p50 = millis;
			}
			else {
				p99 = millis;
			}
		}
		Matcher failed = NON_2XX.matcher(output);
		long non2xx = failed.find() ? Long.parseLong(failed.group(1)) : 0;
		Matcher requests = REQUESTS.matcher(output);
		long total = requests.find() ? Long.parseLong(requests.group(1)) : 0;
		if (!rejectionsExpected && total > 0 && non2xx * 100 > total) {
			throw new IllegalStateException(non2xx + " of " + total + " responses were not 2xx:\n" + output);
		}
		return new Sample(Double.parseDouble(rate.group(1)), p50, p99, Map.of("non-2xx", (double) non2xx));
	}

}
