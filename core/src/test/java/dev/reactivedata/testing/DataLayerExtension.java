package dev.reactivedata.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives an integration test class a fresh PostgreSQL database, migrated from a template, and its own Redis
 * key prefix, and drops both after the class. Register it as a static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/migration");
 * </pre>
 */
public final class DataLayerExtension implements BeforeAllCallback, AfterAllCallback {

	private final TemplateDatabases.MigrationSet migrations;

	private @Nullable TestDatabase database;

	private @Nullable TestRedis redis;

	private DataLayerExtension(TemplateDatabases.MigrationSet migrations) {
		this.migrations = migrations;
	}

	/**
	 * Creates an extension whose databases have the given Flyway migrations applied.
	 * @param locations Flyway locations such as {@code classpath:db/migration}
	 * @return the extension
	 */
	public static DataLayerExtension withMigrations(String... locations) {
		return builder().migrations(locations).build();
	}

	/**
	 * Starts a builder for migrations with placeholders.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		TestServers servers = TestServers.get();
		String name = TemplateDatabases.createDatabase(servers.postgres(), this.migrations);
		this.database = new TestDatabase(servers.postgres(), name);
		String prefix = "rdl-test:" + context.getRequiredTestClass().getSimpleName() + ":"
				+ UUID.randomUUID().toString().substring(0, 8) + ":";
		this.redis = new TestRedis(servers.redis().host(), servers.redis().port(), prefix);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.database != null) {
			TemplateDatabases.drop(TestServers.get().postgres(), this.database.name());
		}
		if (this.redis != null) {
			deleteKeys(this.redis);
		}
	}

	/**
	 * Returns this class's database; available from {@code @BeforeAll} on.
	 * @return the database
	 */
	public TestDatabase database() {
		if (this.database == null) {
			throw new IllegalStateException("The database is created before all tests of the class; register the "
					+ "extension on a static field with @RegisterExtension");
		}
		return this.database;
	}

	/**
	 * Returns this class's Redis server and key prefix; available from {@code @BeforeAll} on.
	 * @return the Redis coordinates
	 */
	public TestRedis redis() {
		if (this.redis == null) {
			throw new IllegalStateException("Redis is set up before all tests of the class; register the "
					+ "extension on a static field with @RegisterExtension");
		}
		return this.redis;
	}

	/**
	 * Points a Spring Boot test at this class's database and Redis: the R2DBC and Flyway URLs, Flyway's owner
	 * credentials, the Redis URL and the cache key prefix. The application keeps its own R2DBC user.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerSpringProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.r2dbc.url", () -> database().r2dbcUrl());
		registry.add("spring.flyway.url", () -> database().jdbcUrl());
		registry.add("spring.flyway.user", () -> database().ownerUser());
		registry.add("spring.flyway.password", () -> database().ownerPassword());
		registry.add("spring.data.redis.url", () -> redis().uri());
		registry.add("reactivedata.cache.key-prefix", () -> redis().keyPrefix());
	}

	private static void deleteKeys(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			ScanArgs match = ScanArgs.Builder.matches(redis.keyPrefix() + "*").limit(500);
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = commands.scan(cursor, match);
				if (!page.getKeys().isEmpty()) {
					commands.unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Builds a {@link DataLayerExtension}.
	 */
	public static final class Builder {

		private final List<String> locations = new ArrayList<>();

		private final Map<String, String> placeholders = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Adds Flyway locations.
		 * @param locations locations such as {@code classpath:db/migration}
		 * @return this builder
		 */
		public Builder migrations(String... locations) {
			this.locations.addAll(List.of(locations));
			return this;
		}

		/**
		 * Adds a Flyway placeholder.
		 * @param name the placeholder name
		 * @param value its value
		 * @return this builder
		 */
		public Builder placeholder(String name, String value) {
			this.placeholders.put(name, value);
			return this;
		}

		/**
		 * Builds the extension.
		 * @return the extension
		 */
		public DataLayerExtension build() {
			return new DataLayerExtension(
					new TemplateDatabases.MigrationSet(List.copyOf(this.locations), Map.copyOf(this.placeholders)));
		}

	}

}
