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
 * <p>
 * {@link Reading#jitNanos()} is the part of it that the JIT's compiler threads used: compiling is the JVM's one-off
 * cost of code becoming hot, not a cost of each unit of work, and a compilation that lands in a short window can
 * double what the window measures.
 */
public final class ProcessCpu {

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final Map<String, Used> lastRead = new HashMap<>();

	private static long ended;

	private static long endedJit;

	private ProcessCpu() {
	}

	/**
	 * Reads the CPU time used so far by the process's threads (the live ones, and the ended ones up to their last
	 * reading) and the JIT compiler threads' part of it, in one pass over the threads.
	 * @return the reading; on Linux neither figure is less than in a previous reading
	 */
	public static Reading read() {
		if (Files.isDirectory(TASKS)) {
			try {
				return summed();
			}
			catch (IOException ex) {
				// Fall through to the JVM's coarser counter.
			}
		}
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return new Reading(os.getProcessCpuTime(), 0);
		}
		throw new IllegalStateException("process CPU time is not available on this JVM");
	}

	/**
	 * Reads the CPU time the JIT compiler threads of another JVM on this machine have used so far (a server the
	 * harness started). A compiler thread that the JVM stopped takes its time with it, so the figure may go down.
	 * @param process the JVM
	 * @return the compilers' CPU time in nanoseconds; 0 when the process is gone or its threads cannot be read
	 */
	static long compilerNanos(ProcessHandle process) {
		Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
		long nanos = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
			for (Path task : threads) {
				try {
					if (isCompiler(Files.readString(task.resolve("comm")))) {
						nanos += runNanos(Files.readString(task.resolve("schedstat")));
					}
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended while we listed it.
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return nanos;
	}

	private static boolean isCompiler(String threadName) {
		return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
	}

	private static long runNanos(String schedstat) {
		return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
	}

	private static synchronized Reading summed() throws IOException {
		Map<String, Used> now = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
			for (Path task : tasks) {
				try {
					String schedstat = Files.readString(task.resolve("schedstat"));
					boolean jit = isCompiler(Files.readString(task.resolve("comm")));
					now.put(task.getFileName().toString(), new Used(runNanos(schedstat), jit));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended while we listed it: its last reading is kept below.
				}
			}
		}
		lastRead.forEach((tid, used) -> {
			Used current = now.get(tid);
			// Gone, or its id taken by a new thread (less time than the old one had).
			if (current == null || current.nanos() < used.nanos()) {
				ended += used.nanos();
				if (used.jit()) {
					endedJit += used.nanos();
				}
			}
		});
		lastRead.clear();
		lastRead.putAll(now);
		long total = ended;
		long jit = endedJit;
		for (Used used : now.values()) {
			total += used.nanos();
			jit += used.jit() ? used.nanos() : 0;
		}
		return new Reading(total, jit);
	}

	/**
	 * CPU time used by the process up to one moment.
	 * @param nanos by all its threads
	 * @param jitNanos by the JIT's compiler threads (named {@code C1 CompilerThread…} and {@code C2 CompilerThread…}),
	 * part of {@code nanos}; 0 where threads cannot be told apart
	 */
	public record Reading(long nanos, long jitNanos) {
	}

	private record Used(long nanos, boolean jit) {
	}

}
