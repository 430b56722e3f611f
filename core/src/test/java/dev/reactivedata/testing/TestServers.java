package dev.reactivedata.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the PostgreSQL and Redis servers the integration tests use, once per JVM: the configured URL
 * ({@value #POSTGRES_URL} / {@value #REDIS_URL} as environment variable or system property), else the
 * default local ports when something listens there, else containers when a Docker engine is available,
 * else a failure that says how to start them.
 */
final class TestServers {

	static final String POSTGRES_URL = "REACTIVEDATA_TEST_POSTGRES_URL";

	static final String REDIS_URL = "REACTIVEDATA_TEST_REDIS_URL";

	private static final String HOW_TO_START = """
			Integration tests need PostgreSQL 13+ and Redis 6+. Start them on their default local ports \
			(for example `bash .ci/run` does, or `docker compose up -d` with the repository's compose.yaml), \
			or point %s / %s at running servers (postgresql://user:password@host:port, redis://host:port).""";

	private static @Nullable TestServers instance;

	private final PostgresServer postgres;

	private final RedisServer redis;

	private TestServers(PostgresServer postgres, RedisServer redis) {
		this.postgres = postgres;
		this.redis = redis;
	}

	static synchronized TestServers get() {
		if (instance == null) {
			instance = new TestServers(findPostgres(), findRedis());
		}
		return instance;
	}

	PostgresServer postgres() {
		return this.postgres;
	}

	RedisServer redis() {
		return this.redis;
	}

	private static PostgresServer findPostgres() {
		String configured = configured(POSTGRES_URL);
		if (configured != null) {
			URI uri = URI.create(configured);
			String[] userInfo = (uri.getUserInfo() != null) ? uri.getUserInfo().split(":", 2) : new String[] { "postgres" };
			return new PostgresServer(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432, userInfo[0],
					(userInfo.length > 1) ? userInfo[1] : "");
		}
		if (listening("127.0.0.1", 5432)) {
			return new PostgresServer("127.0.0.1", 5432, "postgres", "");
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine")
				.withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements");
			container.start();
			return new PostgresServer(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
					container.getPassword());
		}
		throw new IllegalStateException("No PostgreSQL found on localhost:5432 and no Docker engine for a container. "
				+ HOW_TO_START.formatted(POSTGRES_URL, REDIS_URL));
	}

	private static RedisServer findRedis() {
		String configured = configured(REDIS_URL);
		if (configured != null) {
			URI uri = URI.create(configured);
			return new RedisServer(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
		if (listening("127.0.0.1", 6379)) {
			return new RedisServer("127.0.0.1", 6379);
		}
		if (dockerAvailable()) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			return new RedisServer(container.getHost(), container.getFirstMappedPort());
		}
		throw new IllegalStateException("No Redis found on localhost:6379 and no Docker engine for a container. "
				+ HOW_TO_START.formatted(POSTGRES_URL, REDIS_URL));
	}

	private static @Nullable String configured(String name) {
		String value = System.getProperty(name, System.getenv(name));
		return (value == null || value.isBlank()) ? null : value;
	}

	private static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	record PostgresServer(String host, int port, String user, String password) {

		String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}

	}

	record RedisServer(String host, int port) {

		String uri() {
			return "redis://" + this.host + ":" + this.port;
		}

	}

}
