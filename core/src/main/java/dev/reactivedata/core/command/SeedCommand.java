package dev.reactivedata.core.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.MigrationReport;
import dev.reactivedata.core.seed.SeedCheck;
import dev.reactivedata.core.seed.SeedCounts;
import dev.reactivedata.core.seed.SeedReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code db seed <profile> [--scale N]}, {@code db seed --check}, {@code db seed --clear <profile>}.
 */
@Command(name = "seed", description = { "Runs the application's seeders for a profile (dev, test, demo or its own), "
		+ "idempotently.", "--check tells whether the database is migrated and empty; --clear removes what the profile "
				+ "created." })
final class SeedCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Spec
	CommandSpec spec;

	@Parameters(arity = "0..1", paramLabel = "<profile>", description = "The profile to seed or clear.")
	@Nullable String profile;

	@Option(names = "--scale", paramLabel = "N", defaultValue = "1",
			description = "Multiplies the generated data (default 1).")
	int scale = 1;

	@Option(names = "--check", description = "Exit 0 when the database is migrated and empty, 1 otherwise.")
	boolean check;

	@Option(names = "--clear", description = "Remove what the profile created (refused when it did not seed).")
	boolean clear;

	@Override
	public Integer call() {
		Output output = this.db.output();
		if (this.check) {
			if (this.profile != null || this.clear) {
				throw new ParameterException(this.spec.commandLine(), "--check takes no profile and no --clear");
			}
			return check(output);
		}
		if (this.profile == null) {
			throw new ParameterException(this.spec.commandLine(), "Missing <profile> (one of "
					+ this.db.services().seeds().profiles() + ")");
		}
		if (this.clear) {
			SeedReport report = this.db.services().seeds().clear(this.profile).block();
			print(output, report, "removed");
			return DbCommandLine.OK;
		}
		if (this.scale < 1) {
			throw new ParameterException(this.spec.commandLine(), "--scale must be at least 1");
		}
		SeedReport report;
		try (Progress progress = Progress.start("seed " + this.profile, output)) {
			report = this.db.services()
				.seeds()
				.seed(this.profile, this.scale, (task, done, total) -> progress.update(done, total))
				.block();
		}
		print(output, report, "created");
		return DbCommandLine.OK;
	}

	private int check(Output output) {
		MigrationReport migrations = this.db.services().migrations().info().block();
		SeedCheck check = this.db.services().seeds().check().block();
		List<String> reasons = new ArrayList<>();
		if (!migrations.valid()) {
			reasons.add(migrations.problems().size() + " migration problems (db validate)");
		}
		int pending = migrations.library().pending().size() + migrations.application().pending().size();
		if (pending > 0) {
			reasons.add(pending + " pending migrations (db migrate)");
		}
		if (!check.empty()) {
			reasons.add("rows in " + String.join(", ", check.tablesWithRows())
					+ (check.seededProfiles().isEmpty() ? "" : "; seeded profiles: " + check.seededProfiles()));
		}
		if (output.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("ready", migrations.valid() && pending == 0);
			json.put("empty", check.empty());
			json.put("tablesWithRows", check.tablesWithRows());
			json.put("seededProfiles", check.seededProfiles());
			output.json(json);
		}
		else {
			output.line(reasons.isEmpty() ? "ready: migrated and empty" : "not ready to seed: " + String.join("; ", reasons));
		}
		return reasons.isEmpty() ? DbCommandLine.OK : DbCommandLine.FAILED;
	}

	private static void print(Output output, SeedReport report, String verb) {
		if (output.json()) {
			output.json(report);
			return;
		}
		for (Map.Entry<String, SeedCounts> seeder : report.seeders().entrySet()) {
			output.line(seeder.getKey() + ": " + rows(seeder.getValue()));
		}
		output.line("profile " + report.profile() + ": " + verb + " " + report.total().total() + " rows ("
				+ rows(report.total()) + ")");
	}

	private static String rows(SeedCounts counts) {
		if (counts.rows().isEmpty()) {
			return "nothing";
		}
		List<String> parts = new ArrayList<>();
		counts.rows().forEach((table, count) -> parts.add(table + " " + count));
		return String.join(", ", parts);
	}

}
