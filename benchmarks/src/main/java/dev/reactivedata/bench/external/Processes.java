package dev.reactivedata.bench.external;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool to completion and returns what it printed (standard output and error together).
 */
public final class Processes {

	private Processes() {
	}

	/**
	 * Runs a command and fails when it exits non-zero or outlives the timeout (it is then killed).
	 * @param command the command and its arguments
	 * @param environment extra environment variables
	 * @param timeout how long it may run
	 * @return its output
	 */
	public static String run(List<String> command, Map<String, String> environment, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			byte[][] output = new byte[1][];
			Thread reader = new Thread(() -> {
				try {
					output[0] = process.getInputStream().readAllBytes();
				}
				catch (IOException ex) {
					output[0] = ("<output unreadable: " + ex + ">").getBytes(StandardCharsets.UTF_8);
				}
			}, "output-" + command.get(0));
			reader.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
			}
			reader.join(10_000);
			String text = (output[0] != null) ? new String(output[0], StandardCharsets.UTF_8) : "";
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text.strip());
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	/**
	 * Returns the first line a tool prints for its version flag, or {@code unavailable}.
	 * @param command the version command, such as {@code pgbench --version}
	 * @return the version line
	 */
	public static String version(String... command) {
		try {
			String output = run(List.of(command), Map.of(), Duration.ofSeconds(10)).strip();
			return output.isEmpty() ? "unknown" : output.lines().findFirst().orElse("unknown");
		}
		catch (RuntimeException ex) {
			// wrk -v exits non-zero but still prints its version first.
			String message = String.valueOf(ex.getMessage());
			int newline = message.indexOf('\n');
			return (newline >= 0) ? message.substring(newline + 1).lines().findFirst().orElse("unavailable") : "unavailable";
		}
	}

}
