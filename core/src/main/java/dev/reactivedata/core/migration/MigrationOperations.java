package dev.reactivedata.core.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operations behind the {@code db} migration commands: info, validate, migrate, dry run, undo and new, over
 * an application's Flyway configuration and the library's own migrations ({@link LibraryMigrations}). Flyway and
 * JDBC block, so every operation runs on {@link Schedulers#boundedElastic()} when subscribed; each publisher is
 * cold and emits one value or a {@link MigrationException} (refusals and failures, with a one-line message), or
 * Flyway's or JDBC's error when the database cannot be reached.
 */
public final class MigrationOperations {

	private static final String LIBRARY = "library";

	private static final String APPLICATION = "application";

	private final Configuration application;

	/**
	 * Creates the operations for an application's Flyway configuration, which runs as the schema owner.
	 * @param application the application's Flyway configuration (locations, data source, placeholders)
	 */
	public MigrationOperations(Configuration application) {
		this.application = Objects.requireNonNull(application, "application must not be null");
	}

	/**
	 * Reads both history tables and the migration files and names the problems ({@code db info},
	 * {@code db validate}, {@code GET /api/db/migrations}).
	 * @return the report
	 */
	public Mono<MigrationReport> info() {
		return blocking(this::report);
	}

	/**
	 * Applies the pending library migrations, then the application's.
	 * @return what was applied
	 */
	public Mono<MigrateReport> migrate() {
		return blocking(() -> {
			int libraryPending = library().inspect().pending().size();
			var application = new Flyway(withLibraryCallback()).migrate();
			// Flyway reports no target version when nothing was pending: read both versions back.
			return new MigrateReport(libraryPending, application.migrationsExecuted, library().inspect().section().current(),
					new MigrationInspector(APPLICATION, this.application).inspect().section().current());
		});
	}

	/**
	 * The application's configuration with the library's migrations as a before-migrate callback (Spring Boot's
	 * Flyway has it already, a hand-wired one may not): the application's history table must exist before the
	 * library's, and the library's tables before the application's migrations grant on them.
	 */
	private Configuration withLibraryCallback() {
		List<Callback> callbacks = new ArrayList<>(List.of(this.application.getCallbacks()));
		if (callbacks.stream().noneMatch(callback -> LibraryMigrations.CALLBACK_NAME.equals(callback.getCallbackName()))) {
			callbacks.add(0, LibraryMigrations.beforeMigrate());
		}
		return Flyway.configure(this.application.getClassLoader())
			.configuration(this.application)
			.callbacks(callbacks.toArray(Callback[]::new));
	}

	/**
	 * Runs the pending migrations (the library's first) in one transaction, statement by statement, and rolls
	 * back. Refuses before running anything when a statement cannot run inside a transaction.
	 * @return every statement with its effect and row count
	 */
	public Mono<DryRunReport> dryRun() {
		return blocking(() -> {
			List<ScriptRunner.Script> scripts = new ArrayList<>();
			scripts.addAll(pendingScripts(library()));
			scripts.addAll(pendingScripts(new MigrationInspector(APPLICATION, this.application)));
			return runner().dryRun(scripts);
		});
	}

	/**
	 * Undoes the application's newest applied migration, or every applied one newer than {@code toVersion},
	 * newest first, with their {@code U<version>__*.sql} scripts in one transaction that also removes their
	 * history rows. Refuses, changing nothing, when an undo script is missing.
	 * @param toVersion the version to return to, or {@code null} for just the newest one
	 * @return what was undone
	 */
	public Mono<UndoReport> undo(@Nullable String toVersion) {
		return blocking(() -> {
			MigrationInspector inspector = new MigrationInspector(APPLICATION, this.application);
			MigrationInspector.Inspection inspection = inspector.inspect();
			List<MigrationInfo> applied = new ArrayList<>();
			for (MigrationInfo migration : new Flyway(this.application).info().applied()) {
				if (migration.getVersion() != null && !migration.getType().isBaseline() && !migration.getType().isSynthetic()) {
					applied.add(migration);
				}
			}
			applied.sort(Comparator.comparing(MigrationInfo::getVersion).reversed());
			List<MigrationInfo> targets = targets(applied, toVersion);
			if (targets.isEmpty()) {
				return new UndoReport(List.of(), inspection.section().current());
			}
			List<ScriptRunner.Script> scripts = new ArrayList<>();
			List<String> missing = new ArrayList<>();
			for (MigrationInfo migration : targets) {
				var undo = inspection.scripts().undo(migration.getVersion());
				if (undo.isEmpty()) {
					missing.add(MigrationScripts.UNDO_PREFIX + migration.getVersion().getVersion().replace('.', '_')
							+ "__*.sql (for " + migration.getScript() + ")");
				}
				else {
					scripts.add(new ScriptRunner.Script(undo.get().name(), SqlScript.split(inspection.scripts().read(undo.get()))));
				}
			}
			if (!missing.isEmpty()) {
				throw new MigrationException("missing undo script " + String.join(", ", missing) + "; nothing was undone");
			}
			runner().undo(scripts, targets.stream().map(migration -> migration.getVersion().getVersion()).toList(),
					historyTable());
			return new UndoReport(scripts.stream().map(ScriptRunner.Script::name).toList(),
					inspector.inspect().section().current());
		});
	}

	/**
	 * Writes the next versioned migration (and, for a schema change, its undo script) from a template into the
	 * first migration location, or into {@code directory} when given. A {@code classpath:} location is written
	 * to {@code src/main/resources/<path>} under the working directory when that exists, and refused otherwise.
	 * @param description what the migration does, e.g. {@code add article slug}
	 * @param kind the template
	 * @param directory where to write, or {@code null} for the first location
	 * @return the files written
	 */
	public Mono<List<Path>> create(String description, MigrationKind kind, @Nullable Path directory) {
		Objects.requireNonNull(description, "description must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
		return blocking(() -> {
			String slug = description.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
			if (slug.isEmpty()) {
				throw new MigrationException("the description must contain letters or digits");
			}
			Path target = (directory != null) ? directory : firstLocation();
			String version = nextVersion();
			String suffix = version.replace('.', '_') + this.application.getSqlMigrationSeparator() + slug + ".sql";
			Path migration = target.resolve(this.application.getSqlMigrationPrefix() + suffix);
			List<Path> written = new ArrayList<>();
			Files.createDirectories(target);
			Files.writeString(migration, MigrationTemplates.migration(description, kind, version), StandardCharsets.UTF_8);
			written.add(migration);
			if (kind == MigrationKind.SCHEMA) {
				Path undo = target.resolve(MigrationScripts.UNDO_PREFIX + suffix);
				Files.writeString(undo, MigrationTemplates.undo(description, version), StandardCharsets.UTF_8);
				written.add(undo);
			}
			return List.copyOf(written);
		});
	}

	private MigrationReport report() {
		MigrationInspector.Inspection library = library().inspect();
		MigrationInspector.Inspection application = new MigrationInspector(APPLICATION, this.application).inspect();
		List<MigrationProblem> problems = new ArrayList<>(library.problems());
		problems.addAll(application.problems());
		return new MigrationReport(library.section(), application.section(), problems);
	}

	private MigrationInspector library() {
		return new MigrationInspector(LIBRARY, LibraryMigrations.configure(this.application));
	}

	private static List<ScriptRunner.Script> pendingScripts(MigrationInspector inspector) {
		MigrationInspector.Inspection inspection = inspector.inspect();
		if (!inspection.problems().isEmpty()) {
			throw new MigrationException("validation failed, fix first: " + inspection.problems().get(0).message());
		}
		List<ScriptRunner.Script> scripts = new ArrayList<>();
		for (MigrationInfo migration : inspection.pending()) {
			MigrationScripts.Script script = inspection.scripts()
				.byName(migration.getScript())
				.orElseThrow(() -> new MigrationException(migration.getScript()
						+ " is not a SQL file in the migration locations; the dry run handles SQL migrations only"));
			scripts.add(new ScriptRunner.Script(script.name(), SqlScript.split(inspection.scripts().read(script))));
		}
		return scripts;
	}

	private static List<MigrationInfo> targets(List<MigrationInfo> newestFirst, @Nullable String toVersion) {
		if (toVersion == null) {
			return newestFirst.isEmpty() ? List.of() : List.of(newestFirst.get(0));
		}
		MigrationVersion to = MigrationVersion.fromVersion(toVersion);
		return newestFirst.stream().filter(migration -> migration.getVersion().compareTo(to) > 0).toList();
	}

	private String nextVersion() {
		MigrationVersion highest = null;
		for (MigrationScripts.Script script : MigrationScripts.scan(this.application).versioned()) {
			highest = (highest == null || script.version().compareTo(highest) > 0) ? script.version() : highest;
		}
		if (highest == null) {
			return "1";
		}
		String[] parts = highest.getVersion().split("\\.");
		parts[parts.length - 1] = String.valueOf(Long.parseLong(parts[parts.length - 1]) + 1);
		return String.join(".", parts);
	}

	private Path firstLocation() {
		Location[] locations = this.application.getLocations();
		if (locations.length == 0) {
			throw new MigrationException("no migration location is configured (spring.flyway.locations)");
		}
		Location first = locations[0];
		if (first.isFileSystem()) {
			return Path.of(first.getRootPath());
		}
		Path sources = Path.of("src", "main", "resources").resolve(first.getRootPath());
		if (first.isClassPath() && Files.isDirectory(sources)) {
			return sources;
		}
		throw new MigrationException("the first migration location " + first.getDescriptor()
				+ " is on the class path (inside the jar) and " + sources + " does not exist here; run from the project "
				+ "directory, configure a filesystem: location first, or pass --dir");
	}

	/**
	 * The schema Flyway works in: the default schema, else the first of the schemas, else the connection's.
	 */
	private @Nullable String schema() {
		String schema = this.application.getDefaultSchema();
		return (schema == null && this.application.getSchemas().length > 0) ? this.application.getSchemas()[0] : schema;
	}

	private String historyTable() {
		String schema = schema();
		String table = ScriptRunner.quote(this.application.getTable());
		return (schema != null) ? ScriptRunner.quote(schema) + "." + table : table;
	}

	private ScriptRunner runner() {
		return new ScriptRunner(this.application.getDataSource(), schema());
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(() -> {
			try {
				return work.call();
			}
			catch (SQLException | IOException ex) {
				throw new MigrationException(ex.getMessage(), ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
