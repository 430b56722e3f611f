package dev.reactivedata.bench.external;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reactivedata.bench.harness.Sample;

/**
 * {@code pgbench} against its own database: the machine's limit for point reads ({@code -S}, select-only,
 * prepared statements).
 */
public final class Pgbench {

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

	private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

	private final String host;

	private final int port;

	private final String user;

	private final String database;

	/**
	 * Creates a runner.
	 * @param host the server host
	 * @param port the server port
	 * @param user a role that may create the pgbench tables
	 * @param database the pgbench database (created by the caller)
	 */
	public Pgbench(String host, int port, String user, String database) {
		this.host = host;
		this.port = port;
		this.user = user;
		this.database = database;
	}

	/**
	 * Creates and fills the pgbench tables ({@code pgbench -i}).
	 * @param scale the scale factor (100,000 accounts each)
	 */
	public void initialize(int scale) {
		Processes.run(List.of("pgbench", "-i", "-q", "-s", Integer.toString(scale), "-h", this.host, "-p",
				Integer.toString(this.port), "-U", this.user, this.database), Map.of(), Duration.ofMinutes(10));
	}

	/**
	 * Runs {@code pgbench -S} for the duration.
	 * @param clients concurrent clients
	 * @param duration whole seconds of load
	 * @return transactions (one SELECT each) per second, with the average latency as an extra
	 */
	public Sample selectOnly(int clients, Duration duration) {
		int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
		String output = Processes.run(List.of("pgbench", "-S", "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j",
				Integer.toString(threads), "-T", Long.toString(Math.max(1, duration.toSeconds())), "-h", this.host, "-p",
				Integer.toString(this.port), "-U", this.user, this.database), Map.of(), duration.plusMinutes(2));
		return parse(output);
	}

	static Sample parse(String output) {
		Matcher tps = TPS.matcher(output);
		if (!tps.find()) {
			throw new IllegalStateException("no tps in pgbench output:\n" + output);
		}
		Sample sample = Sample.of(Double.parseDouble(tps.group(1)));
		Matcher latency = LATENCY.matcher(output);
		return latency.find() ? sample.with("latency avg ms", Double.parseDouble(latency.group(1))) : sample;
	}

}
