package dev.reactivedata.core.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The SQL files of a Flyway configuration's locations, read independently of Flyway: Flyway refuses to
 * resolve a set with a duplicate version and, in its free edition, ignores undo scripts.
 */
final class MigrationScripts {

	static final String UNDO_PREFIX = "U";

	private final List<Script> scripts;

	private final Charset encoding;

	private final Configuration configuration;

	private MigrationScripts(List<Script> scripts, Configuration configuration) {
		this.scripts = scripts;
		this.encoding = configuration.getEncoding();
		this.configuration = configuration;
	}

	static MigrationScripts scan(Configuration configuration) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
				configuration.getClassLoader());
		List<Script> scripts = new ArrayList<>();
		String separator = configuration.getSqlMigrationSeparator();
		for (Location location : configuration.getLocations()) {
			String pattern = (location.isFileSystem() ? "file:" : "classpath*:") + location.getRootPath() + "/**/*.sql";
			try {
				for (Resource resource : resolver.getResources(pattern)) {
					String name = resource.getFilename();
					if (name != null) {
						parse(name, separator, configuration.getSqlMigrationPrefix()).ifPresent(
								kindVersion -> scripts.add(new Script(kindVersion.kind(), kindVersion.version(), name, resource)));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not list migrations in " + location.getDescriptor(), ex);
			}
		}
		return new MigrationScripts(List.copyOf(scripts), configuration);
	}

	private static Optional<KindVersion> parse(String name, String separator, String versionedPrefix) {
		int split = name.indexOf(separator);
		if (split < 1 || !name.endsWith(".sql")) {
			return Optional.empty();
		}
		String prefix = name.substring(0, 1);
		String version = name.substring(1, split).replace('_', '.');
		if (prefix.equals(versionedPrefix) || prefix.equals(UNDO_PREFIX)) {
			try {
				return Optional.of(new KindVersion(prefix.equals(UNDO_PREFIX) ? Kind.UNDO : Kind.VERSIONED,
						MigrationVersion.fromVersion(version)));
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	List<Script> versioned() {
		return this.scripts.stream().filter(script -> script.kind() == Kind.VERSIONED).toList();
	}

	Optional<Script> undo(MigrationVersion version) {
		return this.scripts.stream()
			.filter(script -> script.kind() == Kind.UNDO && script.version().equals(version))
			.findFirst();
	}

	Optional<Script> byName(String name) {
		return this.scripts.stream()
			.filter(script -> script.kind() == Kind.VERSIONED && (name.equals(script.name()) || name.endsWith("/" + script.name())))
			.findFirst();
	}

	String read(Script script) {
		try (InputStream in = script.resource().getInputStream()) {
			return withPlaceholders(new String(in.readAllBytes(), this.encoding), script.name());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + script.name(), ex);
		}
	}

	private String withPlaceholders(String sql, String fileName) {
		if (!this.configuration.isPlaceholderReplacement()) {
			return sql;
		}
		Map<String, String> values = new HashMap<>(this.configuration.getPlaceholders());
		values.put("flyway:table", this.configuration.getTable());
		values.put("flyway:filename", fileName);
		if (this.configuration.getDefaultSchema() != null) {
			values.put("flyway:defaultSchema", this.configuration.getDefaultSchema());
		}
		String prefix = this.configuration.getPlaceholderPrefix();
		String suffix = this.configuration.getPlaceholderSuffix();
		String result = sql;
		for (Map.Entry<String, String> entry : values.entrySet()) {
			result = result.replace(prefix + entry.getKey() + suffix, entry.getValue());
		}
		return result;
	}

	enum Kind {

		VERSIONED, UNDO

	}

	private record KindVersion(Kind kind, MigrationVersion version) {
	}

	record Script(Kind kind, MigrationVersion version, String name, Resource resource) {
	}

}
