package dev.reactivedata.bench.harness;

import org.jspecify.annotations.Nullable;

/**
 * Adds to a side's samples what each operation cost in CPU time, on the client (this JVM's threads but its JIT
 * compilers, plus the tools it ran and waited for, such as pgbench) and on the database server. Two sides at the
 * same throughput on a busy machine can cost very different CPU: this tells where a point read's time goes without
 * a profiler, and moves less than throughput when other processes take the machine's cores.
 */
public final class CpuPerOperation {

	/** The extra with the client's CPU time per operation. */
	public static final String CLIENT = "client CPU µs/op";

	/** The extra with the server's CPU time per operation. */
	public static final String SERVER = "server CPU µs/op";

	private CpuPerOperation() {
	}

	/**
	 * Wraps a side whose headline number is operations per second.
	 * @param side the side
	 * @param server the database server's CPU counter, or {@code null} when it is not on this machine (the server
	 * extra is then left out)
	 * @return the side, its samples with the extras
	 */
	public static Side of(Side side, @Nullable ServerCpu server) {
		return duration -> {
			long client = clientNanos();
			long serverBefore = (server != null) ? server.nanos() : 0;
			Sample sample = side.measure(duration);
			double operations = sample.value() * duration.toNanos() / 1e9;
			if (operations <= 0) {
				return sample;
			}
			Sample measured = sample.with(CLIENT, (clientNanos() - client) / 1e3 / operations);
			return (server != null) ? measured.with(SERVER, (server.nanos() - serverBefore) / 1e3 / operations)
					: measured;
		};
	}

	private static long clientNanos() {
		ProcessCpu.Reading jvm = ProcessCpu.read();
		long tools = ProcStat.self().map(ProcStat::reapedTicks).orElse(0L) * ProcStat.NANOS_PER_TICK;
		return jvm.nanos() - jvm.jitNanos() + tools;
	}

}
