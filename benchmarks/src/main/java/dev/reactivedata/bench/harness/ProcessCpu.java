package dev.reactivedata.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by this process, in nanoseconds. On Linux it sums {@code /proc/self/task/<tid>/schedstat} over
 * every thread, GC and JIT threads included, at nanosecond resolution; the JVM's
 * {@code OperatingSystemMXBean.getProcessCpuTime()} is the fallback (on Linux it moves in 10 ms steps, too coarse
 * for short windows).
 */
public final class ProcessCpu {

	private static final Path TASKS = Path.of("/proc/self/task");

	private ProcessCpu() {
	}

	/**
	 * Returns the CPU time used so far by every live thread of the process.
	 * @return nanoseconds
	 */
	public static long nanos() {
		if (Files.isDirectory(TASKS)) {
			long total = 0;
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
				for (Path task : tasks) {
					try {
						String schedstat = Files.readString(task.resolve("schedstat"));
						total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
					}
					catch (IOException | RuntimeException ex) {
						// The thread ended while we listed it: its time is lost either way.
					}
				}
				return total;
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

}
