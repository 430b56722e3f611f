package dev.reactivedata.core.backup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One of PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}): finds its major version and starts
 * it with the login's user and password (the password in the environment, never on the command line).
 * <p>
 * Starting a client program takes some 20 ms (it loads libpq and its libraries), a tenth of a small dump, so
 * the major version is asked once per program file and remembered while the file (its resolved path, size and
 * modification time) stays the same: replacing or upgrading the program asks again.
 */
final class PgTool {

	private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

	private final String name;

	private final String command;

	private final AtomicReference<@Nullable Known> known = new AtomicReference<>();

	/**
	 * Creates the tool.
	 * @param name the program's name, for messages
	 * @param command the program, on the {@code PATH} or as a path
	 */
	PgTool(String name, String command) {
		this.name = name;
		this.command = command;
	}

	/**
	 * The major version, from {@code --version} unless this very program file already answered it.
	 * @return the major version
	 * @throws BackupException when the program is missing or says no version
	 */
	int majorVersion() {
		@Nullable Identity identity = identity();
		Known last = this.known.get();
		if (identity != null && last != null && last.identity().equals(identity)) {
			return last.major();
		}
		int major = askVersion();
		if (identity != null) {
			this.known.set(new Known(identity, major));
		}
		return major;
	}

	private int askVersion() {
		Process process = start(List.of("--version"), Map.of());
		try (InputStream in = process.getInputStream()) {
			String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			Matcher matcher = VERSION.matcher(output);
			if (process.exitValue() != 0 || !matcher.find()) {
				throw new BackupException(this.name + " (" + this.command + ") did not report its version: "
						+ output.strip());
			}
			return Integer.parseInt(matcher.group(1));
		}
		catch (IOException ex) {
			throw new BackupException(this.name + " (" + this.command + ") failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackupException(this.name + " was interrupted", ex);
		}
	}

	/**
	 * The program file the command runs, as the {@code PATH} lookup of {@link ProcessBuilder} finds it, and its
	 * size and modification time; {@code null} when it cannot be found or read (then nothing is remembered).
	 */
	private @Nullable Identity identity() {
		List<Path> candidates = new ArrayList<>();
		if (this.command.contains("/")) {
			candidates.add(Path.of(this.command));
		}
		else {
			String path = System.getenv("PATH");
			for (String directory : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
				if (!directory.isEmpty()) {
					candidates.add(Path.of(directory, this.command));
				}
			}
		}
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				try {
					Path real = candidate.toRealPath();
					BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
					return new Identity(real, attributes.size(), attributes.lastModifiedTime());
				}
				catch (IOException ex) {
					// Unreadable attributes: the version is asked every time, as if nothing were remembered.
					return null;
				}
			}
		}
		return null;
	}

	/**
	 * Starts the program.
	 * @param arguments its arguments
	 * @param environment extra environment variables
	 * @return the process
	 * @throws BackupException when the program is missing, saying how to install it
	 */
	Process start(List<String> arguments, Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(this.command);
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new BackupException(this.name + " not found (" + this.command + "): install PostgreSQL's client "
					+ "programs of the server's major version or newer, e.g. apt-get install postgresql-client-15", ex);
		}
	}

	/**
	 * The advice when this program is older than what it has to work with.
	 */
	String tooOld(int have, int need, String what) {
		return this.name + " " + have + " cannot handle " + what + " " + need + ": install PostgreSQL's client "
				+ "programs " + need + " or newer, e.g. apt-get install postgresql-client-" + need;
	}

	/**
	 * Reads a program's messages line by line until it closes them, passing each on, and keeps the last ones
	 * that are not progress chatter for an error message.
	 */
	static List<String> readMessages(InputStream stream, Consumer<String> each) throws IOException {
		List<String> problems = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				each.accept(line);
				if (line.contains("error:") || line.contains("ERROR:") || line.contains("FATAL:")
						|| line.contains("fatal:")) {
					problems.add(line.strip());
				}
			}
		}
		return problems;
	}

	private record Identity(Path file, long size, FileTime modified) {
	}

	private record Known(Identity identity, int major) {
	}

}
