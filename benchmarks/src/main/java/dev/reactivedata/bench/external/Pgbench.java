package dev.reactivedata.bench.external;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reactivedata.bench.harness.Sample;

/**
 * {@code pgbench}: the machine's limit for point reads ({@code -S}, select-only, prepared statements, against its
 * own database), and for statements of ours sent the same way ({@link #scripted}).
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
		List<String> command = load(clients, duration);
		command.add(1, "-S");
		command.add(this.database);
		return parse(Processes.run(command, Map.of(), duration.plusMinutes(2)));
	}

	/**
	 * Runs {@code pgbench -M prepared} over custom scripts for the duration, each transaction one script chosen at
	 * random: the machine's limit for a statement of ours, sent as pgbench sends its own.
	 * @param clients concurrent clients
	 * @param duration whole seconds of load
	 * @param scripts the script files
	 * @param variables the scripts' variables ({@code -D}), each sent as a bound parameter where a script names it
	 * @param environment for the connections, such as {@code PGPASSWORD} and {@code PGOPTIONS}
	 * @return transactions per second, with the average latency as an extra
	 */
	public Sample scripted(int clients, Duration duration, List<Path> scripts, Map<String, String> variables,
			Map<String, String> environment) {
		List<String> command = load(clients, duration);
		scripts.forEach(script -> command.addAll(List.of("-f", script.toString())));
		variables.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
		command.add(this.database);
		return parse(Processes.run(command, environment, duration.plusMinutes(2)));
	}

	/** The command line of a load without vacuum, prepared statements, up to one thread per core; no database yet. */
	private List<String> load(int clients, Duration duration) {
		int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
		return new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j",
				Integer.toString(threads), "-T", Long.toString(Math.max(1, duration.toSeconds())), "-h", this.host, "-p",
				Integer.toString(this.port), "-U", this.user));
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
