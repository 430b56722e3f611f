package dev.reactivedata.demo.migration;

import java.time.Instant;
import java.util.List;

import dev.reactivedata.core.migration.MigrationEntry;
import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.migration.MigrationProblem;
import dev.reactivedata.core.migration.MigrationReport;
import dev.reactivedata.core.migration.MigrationSection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/db/migrations} (admin): the application's current version, applied and pending migrations and
 * the problems {@code db validate} would name, plus the library's own section. Flyway reads the history over JDBC
 * on a bounded-elastic thread.
 */
@RestController
class MigrationsController {

	private final MigrationOperations migrations;

	MigrationsController(MigrationOperations migrations) {
		this.migrations = migrations;
	}

	@GetMapping("/api/db/migrations")
	Mono<MigrationsResponse> migrations() {
		return this.migrations.info().map(MigrationsResponse::of);
	}

	record MigrationsResponse(@Nullable String current, List<Migration> applied, List<Migration> pending,
			List<MigrationProblem> problems, Library library) {

		static MigrationsResponse of(MigrationReport report) {
			MigrationSection application = report.application();
			return new MigrationsResponse(application.current(), Migration.of(application.applied()),
					Migration.of(application.pending()), report.problems(), Library.of(report.library()));
		}

	}

	record Library(@Nullable String current, List<Migration> applied, List<Migration> pending) {

		static Library of(MigrationSection section) {
			return new Library(section.current(), Migration.of(section.applied()), Migration.of(section.pending()));
		}

	}

	record Migration(@Nullable String version, String description, String type, @Nullable Instant installedOn,
			boolean checksumOk) {

		static List<Migration> of(List<MigrationEntry> entries) {
			return entries.stream()
				.map(entry -> new Migration(entry.version(), entry.description(), entry.type(), entry.installedOn(),
						entry.checksumOk()))
				.toList();
		}

	}

}
