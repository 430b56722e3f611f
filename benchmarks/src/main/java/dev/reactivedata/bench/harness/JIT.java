package dev.reactivedata.bench.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * How busy this JVM's JIT compilers are, from {@link CompilationMXBean}: on a 2-core machine a compiler thread
 * still at work takes CPU from the side being measured, so a warm-up that ends while it compiles leaves the
 * first trials slower and the ratios noisier than the steady state.
 */
final class JIT {

	/** The share of a slice's wall time the compilers may still spend for the JIT to count as quiet. */
	static final double QUIET = 0.05;

	private static final CompilationMXBean COMPILATION = ManagementFactory.getCompilationMXBean();

	private JIT() {
	}

	/** @return the compilers' accumulated time in milliseconds, 0 where the JVM does not report it */
	static long compilationMillis() {
		return (COMPILATION != null && COMPILATION.isCompilationTimeMonitoringSupported())
				? COMPILATION.getTotalCompilationTime() : 0;
	}

	/**
	 * @param servers other JVMs whose compilers count too (servers the harness started and loads)
	 * @return this JVM's compilation time plus the CPU time of the servers' compiler threads, in milliseconds
	 */
	static long compilationMillis(List<ProcessHandle> servers) {
		long serverNanos = 0;
		for (ProcessHandle server : servers) {
			serverNanos += ProcessCpu.compilerNanos(server);
		}
		return compilationMillis() + serverNanos / 1_000_000;
	}

	/**
	 * Whether the compilers spent at most {@link #QUIET} of the wall time in each of the last {@code count} slices.
	 * @param compiling the compilation milliseconds of each slice so far
	 * @param count how many of the last slices must be quiet
	 * @param slice the length of one slice
	 */
	static boolean quiet(List<Long> compiling, int count, Duration slice) {
		if (compiling.size() < count) {
			return false;
		}
		long allowed = (long) (slice.toMillis() * QUIET);
		return compiling.subList(compiling.size() - count, compiling.size()).stream().allMatch(ms -> ms <= allowed);
	}

}
