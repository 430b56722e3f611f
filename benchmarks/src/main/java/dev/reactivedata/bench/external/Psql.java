package dev.reactivedata.bench.external;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code psql}: {@code \copy} in and out, the machine's limit for moving rows through one connection.
 */
public final class Psql {

	private final String host;

	private final int port;

	private final String database;

	/**
	 * Creates a runner for one database.
	 * @param host the server host
	 * @param port the server port
	 * @param database the database
	 */
	public Psql(String host, int port, String database) {
		this.host = host;
		this.port = port;
		this.database = database;
	}

	/**
	 * Runs the commands in one session (one {@code -c} each), stopping at the first error.
	 * @param user the role to connect as
	 * @param password its password, or empty for trust authentication
	 * @param commands SQL or psql meta-commands such as {@code \copy}
	 * @return what psql printed
	 */
	public String run(String user, String password, String... commands) {
		List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", this.host, "-p",
				Integer.toString(this.port), "-U", user, "-d", this.database));
		for (String sql : commands) {
			command.addAll(List.of("-c", sql));
		}
		Map<String, String> environment = password.isEmpty() ? Map.of() : Map.of("PGPASSWORD", password);
		return Processes.run(command, environment, Duration.ofMinutes(20));
	}

}
