package dev.reactivedata.core.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}): finds its major version and starts
 * it with the login's user and password (the password in the environment, never on the command line).
 * @param name the program's name, for messages
 * @param command the program, on the {@code PATH} or as a path
 */
record PgTool(String name, String command) {

	private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

	/**
	 * Runs {@code --version}.
	 * @return the major version
	 * @throws BackupException when the program is missing or says no version
	 */
	int majorVersion() {
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

}
