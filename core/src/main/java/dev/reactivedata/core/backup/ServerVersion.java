package dev.reactivedata.core.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The server's version as it says it ({@code server_version}) and its major number.
 */
record ServerVersion(String text, int major) {

	static ServerVersion of(Connection connection) throws SQLException {
		String text = Objects.requireNonNull(Sql.text(connection, "SHOW server_version"));
		int number = Integer.parseInt(Objects.requireNonNull(Sql.text(connection, "SHOW server_version_num")));
		return new ServerVersion(text, number / 10000);
	}

}
