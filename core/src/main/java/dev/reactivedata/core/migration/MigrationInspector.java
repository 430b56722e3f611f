package dev.reactivedata.core.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Reads one history table with Flyway and the files of its locations, and names what is wrong.
 */
final class MigrationInspector {

	private final String section;

	private final Configuration configuration;

	MigrationInspector(String section, Configuration configuration) {
		this.section = section;
		this.configuration = configuration;
	}

	Configuration configuration() {
		return this.configuration;
	}

	Inspection inspect() {
		MigrationScripts scripts = MigrationScripts.scan(this.configuration);
		List<MigrationProblem> problems = new ArrayList<>(duplicates(scripts));
		if (!problems.isEmpty()) {
			// Flyway refuses to resolve a set with duplicate versions: report those and nothing else.
			return new Inspection(new MigrationSection(this.section, this.configuration.getTable(), null, List.of(),
					List.of()), problems, List.of(), scripts);
		}
		MigrationInfoService info = new Flyway(this.configuration).info();
		List<MigrationEntry> applied = new ArrayList<>();
		List<MigrationEntry> pending = new ArrayList<>();
		List<MigrationInfo> pendingInfos = new ArrayList<>();
		String current = (info.current() != null && info.current().getVersion() != null)
				? info.current().getVersion().getVersion() : null;
		for (MigrationInfo migration : info.all()) {
			MigrationState state = migration.getState();
			if (!state.isApplied()) {
				if (state == MigrationState.PENDING || state == MigrationState.IGNORED) {
					pending.add(entry(migration));
					pendingInfos.add(migration);
				}
			}
			else {
				applied.add(entry(migration));
			}
			problem(migration, current).ifPresent(problems::add);
		}
		return new Inspection(new MigrationSection(this.section, this.configuration.getTable(), current, applied, pending),
				problems, pendingInfos, scripts);
	}

	private Optional<MigrationProblem> problem(MigrationInfo migration, @Nullable String current) {
		String version = (migration.getVersion() != null) ? migration.getVersion().getVersion() : null;
		String script = migration.getScript();
		MigrationState state = migration.getState();
		if (state == MigrationState.MISSING_SUCCESS || state == MigrationState.MISSING_FAILED
				|| state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
			return Optional.of(new MigrationProblem(MigrationProblem.Kind.FILE_MISSING, this.section, version,
					script, script + " (version " + version + ") is applied but its file is missing"));
		}
		if (state == MigrationState.IGNORED) {
			return Optional.of(new MigrationProblem(MigrationProblem.Kind.OUT_OF_ORDER, this.section, version,
					script, script + " is pending but older than the current version " + current
							+ " (a branch merged out of order)"));
		}
		if (state == MigrationState.FAILED) {
			return Optional.of(new MigrationProblem(MigrationProblem.Kind.FAILED, this.section, version, script,
					script + " failed; fix the database and its history row before migrating again"));
		}
		if (state.isApplied() && !checksumOk(migration)) {
			return Optional.of(new MigrationProblem(MigrationProblem.Kind.CHECKSUM_CHANGED, this.section,
					version, script, script + " changed after it was applied (checksum " + migration.getAppliedChecksum()
							+ " applied, " + migration.getResolvedChecksum() + " now)"));
		}
		return Optional.empty();
	}

	private List<MigrationProblem> duplicates(MigrationScripts scripts) {
		Map<MigrationVersion, List<MigrationScripts.Script>> byVersion = scripts.versioned()
			.stream()
			.collect(Collectors.groupingBy(MigrationScripts.Script::version));
		return byVersion.entrySet()
			.stream()
			.filter(entry -> entry.getValue().size() > 1)
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.map(entry -> {
				String names = entry.getValue().stream().map(MigrationScripts.Script::name).sorted().collect(Collectors.joining(", "));
				String version = entry.getKey().getVersion();
				return new MigrationProblem(MigrationProblem.Kind.DUPLICATE_VERSION, this.section, version,
						entry.getValue().get(0).name(), "version " + version + " is used by more than one file: " + names);
			})
			.toList();
	}

	private static boolean checksumOk(MigrationInfo migration) {
		Integer resolved = migration.getResolvedChecksum();
		Integer applied = migration.getAppliedChecksum();
		return resolved == null || applied == null || Objects.equals(resolved, applied);
	}

	private static MigrationEntry entry(MigrationInfo migration) {
		return new MigrationEntry((migration.getVersion() != null) ? migration.getVersion().getVersion() : null,
				migration.getDescription(), migration.getType().name(),
				(migration.getInstalledOn() != null) ? migration.getInstalledOn().toInstant() : null, checksumOk(migration),
				migration.getState().name(), migration.getScript());
	}

	record Inspection(MigrationSection section, List<MigrationProblem> problems, List<MigrationInfo> pending,
			MigrationScripts scripts) {
	}

}
