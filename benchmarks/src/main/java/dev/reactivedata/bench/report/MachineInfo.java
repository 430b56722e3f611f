package dev.reactivedata.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.reactivedata.bench.external.Processes;

/**
 * Describes the machine a run measured: CPU, cores, memory, OS, JVM and its flags, server and tool versions,
 * and the load average.
 */
public final class MachineInfo {

	private MachineInfo() {
	}

	/**
	 * Collects the description.
	 * @param postgres the PostgreSQL server version
	 * @param redis the Redis server version
	 * @return name → value, in print order
	 */
	public static Map<String, String> collect(String postgres, String redis) {
		Map<String, String> machine = new LinkedHashMap<>();
		machine.put("CPU", cpuModel());
		machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		machine.put("memory", memory());
		machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		machine.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		machine.put("JVM flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
		machine.put("PostgreSQL", postgres);
		machine.put("Redis", redis);
		machine.put("pgbench", Processes.version("pgbench", "--version"));
		machine.put("psql", Processes.version("psql", "--version"));
		machine.put("redis-benchmark", Processes.version("redis-benchmark", "--version"));
		machine.put("wrk", Processes.version("wrk", "-v"));
		machine.put("libraries", "Spring Boot BOM 4.1.0; Spring Framework " + version(org.springframework.core.SpringVersion.class)
				+ ", Spring Data R2DBC " + version(org.springframework.data.r2dbc.core.R2dbcEntityTemplate.class)
				+ ", r2dbc-postgresql " + version(io.r2dbc.postgresql.PostgresqlConnectionFactory.class) + ", r2dbc-pool "
				+ version(io.r2dbc.pool.ConnectionPool.class) + ", r2dbc-proxy " + version(io.r2dbc.proxy.ProxyConnectionFactory.class)
				+ ", Lettuce " + version(io.lettuce.core.RedisClient.class) + ", Reactor "
				+ version(reactor.core.publisher.Flux.class));
		return machine;
	}

	/**
	 * Returns the 1, 5 and 15 minute load averages, or {@code unknown}.
	 * @return the load average
	 */
	public static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
				.filter(line -> line.startsWith("model name"))
				.map(line -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException ex) {
			return System.getProperty("os.arch");
		}
	}

	private static String memory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
		}
		return "unknown";
	}

	private static String version(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		return (version != null) ? version : "unknown";
	}

}
