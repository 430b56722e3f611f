package dev.reactivedata.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} of the test's own, started as a child process on a free port with no persistence,
 * for fault tests that stop, pause or disconnect Redis: never do that to the shared server other test runs
 * use. Close it after the test (it is also destroyed when the JVM exits).
 *
 * <p>The binary is {@value #SERVER_PROPERTY} (system property or environment variable) when set, else
 * {@code /usr/bin/redis-server}, else {@code redis-server} on the {@code PATH}.
 */
public final class PrivateRedis implements AutoCloseable {

	static final String SERVER_PROPERTY = "REACTIVEDATA_TEST_REDIS_SERVER";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final Path directory;

	private final List<String> extraArguments;

	private @Nullable Process process;

	private PrivateRedis(int port, Path directory, List<String> extraArguments) {
		this.port = port;
		this.directory = directory;
		this.extraArguments = extraArguments;
	}

	/**
	 * Starts a server on a free port and waits until it answers {@code PING}.
	 * @return the running server
	 */
	public static PrivateRedis start() {
		return start(List.of());
	}

	static PrivateRedis start(List<String> extraArguments) {
		return start(freePort(), extraArguments);
	}

	static PrivateRedis start(int port, List<String> extraArguments) {
		try {
			PrivateRedis redis = new PrivateRedis(port, Files.createTempDirectory("rdl-redis-" + port + "-"),
					extraArguments);
			redis.startProcess();
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a directory for a private redis-server", ex);
		}
	}

	/** @return the port the server listens on */
	public int port() {
		return this.port;
	}

	/** @return {@code redis://127.0.0.1:<port>} */
	public String uri() {
		return "redis://127.0.0.1:" + this.port;
	}

	/**
	 * Kills the server (SIGKILL) and waits until it is gone; its data is lost.
	 */
	public void stop() {
		Process running = this.process;
		if (running != null) {
			resume();
			running.destroyForcibly();
			try {
				running.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Starts the server again on the same port, empty, after {@link #stop()}.
	 */
	public void restart() {
		stop();
		startProcess();
	}

	/**
	 * Freezes the server process (SIGSTOP): connections stay open but nothing is answered.
	 */
	public void pause() {
		signal("STOP");
	}

	/**
	 * Lets a frozen server run again (SIGCONT).
	 */
	public void resume() {
		signal("CONT");
	}

	/**
	 * Sends {@code command} to the server on a fresh connection and returns the first line of the reply.
	 * @param command the words of the command, such as {@code CLIENT KILL TYPE normal}
	 * @return the reply's first line, such as {@code +OK}
	 */
	public String command(String... command) {
		return send(this.port, command);
	}

	/**
	 * Disconnects every normal client of the server ({@code CLIENT KILL TYPE normal}).
	 */
	public void killClients() {
		command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
	}

	@Override
	public void close() {
		stop();
		deleteRecursively(this.directory.toFile());
	}

	private void startProcess() {
		List<String> command = new ArrayList<>(List.of(binary(), "--port", String.valueOf(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
				"--dir", this.directory.toString()));
		command.addAll(this.extraArguments);
		try {
			Process started = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
			this.process = started;
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-redis-" + this.port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + command + "; install redis-server or set "
					+ SERVER_PROPERTY, ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (send(this.port, "PING").equals("+PONG")) {
					return;
				}
			}
			catch (IllegalStateException notYet) {
				// still starting
			}
			Process running = this.process;
			if (running == null || !running.isAlive()) {
				throw new IllegalStateException("redis-server on port " + this.port + " exited: " + log());
			}
			pauseBriefly();
		}
		throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within "
				+ START_TIMEOUT + ": " + log());
	}

	private String log() {
		try {
			return Files.readString(this.directory.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(running.pid())).start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not send SIG" + signal + " to redis-server " + running.pid(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static String send(int port, String... words) {
		StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
		for (String word : words) {
			request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int read;
			while ((read = in.read()) != -1 && read != '\n') {
				if (read != '\r') {
					line.append((char) read);
				}
			}
			if (line.charAt(0) == '$' && !line.toString().equals("$-1")) {
				int length = Integer.parseInt(line.substring(1));
				byte[] body = in.readNBytes(length);
				return new String(body, StandardCharsets.UTF_8);
			}
			return line.toString();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No answer from 127.0.0.1:" + port + " to " + String.join(" ", words), ex);
		}
	}

	static int freePort() {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0)) {
				socket.setReuseAddress(true);
				int port = socket.getLocalPort();
				if (port < 50000) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not find a free port", ex);
			}
		}
		throw new IllegalStateException("Could not find a free port below 50000");
	}

	static boolean portFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static void pauseBriefly() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String binary() {
		String configured = System.getProperty(SERVER_PROPERTY, System.getenv(SERVER_PROPERTY));
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server" : "redis-server";
	}

	private static void deleteRecursively(File file) {
		File[] children = file.listFiles();
		if (children != null) {
			for (File child : children) {
				deleteRecursively(child);
			}
		}
		file.delete();
	}

}
