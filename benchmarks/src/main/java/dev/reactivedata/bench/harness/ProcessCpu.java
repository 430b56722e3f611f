package dev.reactivedata.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by this process, in nanoseconds. On Linux it sums {@code /proc/self/task/<tid>/schedstat} over
 * every thread, GC and JIT threads included, at nanosecond resolution; the JVM's
 * {@code OperatingSystemMXBean.getProcessCpuTime()} is the fallback (on Linux it moves in 10 ms steps, too coarse
 * for short windows).
 * <p>
 * A thread that ends takes its {@code schedstat} with it: the JVM stops idle JIT compiler threads and Reactor's
 * idle elastic workers, so a plain sum over the live threads can go backwards across a measurement window (the
 * SSE fan-out scenario once failed with "no CPU time measured" that way). The time last read of each thread is
 * therefore kept when the thread is gone, so the total never decreases; what an ended thread used after its last
 * reading is not counted.
 */
public final class ProcessCpu {

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final Map<String, Long> lastRead = new HashMap<>();

	private static long ended;

	private ProcessCpu() {
	}

	/**
	 * Returns the CPU time used so far by the process's threads: the live ones, and the ended ones up to their
	 * last reading.
	 * @return nanoseconds, never less than a previous call returned (on Linux)
	 */
	public static long nanos() {
		if (Files.isDirectory(TASKS)) {
			try {
				return summed();
			}
			catch (IOException ex) {
				// Fall through to the JVM's coarser counter.
			}
		}
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		throw new IllegalStateException("process CPU time is not available on this JVM");
	}

	private static synchronized long summed() throws IOException {
		Map<String, Long> now = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				try {
					String schedstat = Files.readString(task.resolve("schedstat"));
					now.put(task.getFileName().toString(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended while we listed it: its last reading is kept below.
				}
			}
		}
		lastRead.forEach((tid, nanos) -> {
			Long current = now.get(tid);
			// Gone, or its id taken by a new thread (less time than the old one had).
			if (current == null || current < nanos) {
				ended += nanos;
			}
		});
		lastRead.clear();
		lastRead.putAll(now);
		long total = ended;
		for (long nanos : now.values()) {
			total += nanos;
		}
		return total;
	}

}
