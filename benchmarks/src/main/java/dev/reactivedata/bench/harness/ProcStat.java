package dev.reactivedata.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of a process's {@code /proc/<pid>/stat} that tell what it is and its CPU time. The kernel counts the
 * time in clock ticks ({@code USER_HZ}: 100 per second on Linux).
 *
 * @param name the command name ({@code comm}), such as {@code postgres}
 * @param parent the parent's process id
 * @param ownTicks user and system time of the process itself
 * @param reapedTicks user and system time of the children it waited for, which the kernel adds when they end
 */
record ProcStat(String name, long parent, long ownTicks, long reapedTicks) {

	static final long NANOS_PER_TICK = 10_000_000L;

	static final Path PROC = Path.of("/proc");

	/**
	 * Reads a process's counters.
	 * @param pid the process id
	 * @return them, or empty when the process is not on this machine, has ended, or {@code /proc} cannot be read
	 */
	static Optional<ProcStat> read(long pid) {
		return read(PROC.resolve(Long.toString(pid)));
	}

	/** Reads the counters of this JVM. */
	static Optional<ProcStat> self() {
		return read(PROC.resolve("self"));
	}

	private static Optional<ProcStat> read(Path process) {
		try {
			return Optional.of(parse(Files.readString(process.resolve("stat"))));
		}
		catch (IOException | RuntimeException ex) {
			// Not on this machine, or it ended while we looked.
			return Optional.empty();
		}
	}

	/** Parses the line; the command name, in parentheses, may itself hold spaces and parentheses. */
	static ProcStat parse(String line) {
		int nameEnd = line.lastIndexOf(')');
		String[] fields = line.substring(nameEnd + 2).trim().split(" ");
		// After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17), numbered as in proc(5).
		return new ProcStat(line.substring(line.indexOf('(') + 1, nameEnd), Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
				Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
	}

}
