package dev.reactivedata.bench.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time used by a PostgreSQL server on this machine: its postmaster and every process it forked, read from
 * {@code /proc}. A backend that ends is reaped by the postmaster, and the kernel adds its time to the postmaster's
 * children's time, so connections opened and closed within a window (pgbench's) count too. It counts in clock
 * ticks (see {@link ProcStat}): fine for windows of seconds, too coarse for shorter ones.
 */
public final class ServerCpu {

	private static final int MAX_ATTEMPTS = 10;

	private final long postmaster;

	private ServerCpu(long postmaster) {
		this.postmaster = postmaster;
	}

	/**
	 * Finds the server through one of its long-lived processes, such as its checkpointer.
	 * @param serverProcess the process id of a process the postmaster forked
	 * @return the server's CPU counter, or empty when no PostgreSQL process has that id on this machine (a remote
	 * server) or {@code /proc} cannot be read
	 */
	public static Optional<ServerCpu> of(long serverProcess) {
		return ProcStat.read(serverProcess)
			.filter(stat -> stat.name().equals("postgres"))
			.map(stat -> new ServerCpu(stat.parent()));
	}

	/**
	 * Reads the CPU time the server has used so far. A backend reaped while its siblings are listed would be in
	 * neither the postmaster's children's time read before the list nor the list: the reading is taken again until
	 * the postmaster reaped nothing with time on it meanwhile, as when pgbench's sixteen backends end together.
	 * @return nanoseconds, at clock-tick resolution
	 */
	public long nanos() {
		Optional<ProcStat> before = ProcStat.read(this.postmaster);
		for (int attempt = 1;; attempt++) {
			long forked = forkedTicks();
			Optional<ProcStat> after = ProcStat.read(this.postmaster);
			long reaped = after.map(ProcStat::reapedTicks).orElse(0L);
			if (reaped == before.map(ProcStat::reapedTicks).orElse(0L) || attempt == MAX_ATTEMPTS) {
				return (after.map(ProcStat::ownTicks).orElse(0L) + reaped + forked) * ProcStat.NANOS_PER_TICK;
			}
			before = after;
		}
	}

	/** The time of the processes the postmaster forked that are still there, ended ones not yet reaped included. */
	private long forkedTicks() {
		long ticks = 0;
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(ProcStat.PROC, ServerCpu::isProcess)) {
			for (Path process : processes) {
				Optional<ProcStat> stat = ProcStat.read(Long.parseLong(process.getFileName().toString()));
				if (stat.isPresent() && stat.get().parent() == this.postmaster) {
					ticks += stat.get().ownTicks();
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot list the server's processes", ex);
		}
		return ticks;
	}

	private static boolean isProcess(Path path) {
		String name = path.getFileName().toString();
		return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
	}

}
