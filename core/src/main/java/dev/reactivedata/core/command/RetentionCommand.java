package dev.reactivedata.core.command;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.retention.RetentionReport;
import dev.reactivedata.core.retention.RetentionTable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code db retention [--audit-older-than 90d] [--deleted-older-than 30d] [--dry-run]}.
 */
@Command(name = "retention", description = "Deletes old audit entries and purges old soft-deleted rows in batches, "
		+ "as the schema owner, and reports the rows per table. Defaults come from reactivedata.core.retention.*.")
final class RetentionCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--audit-older-than", paramLabel = "AGE", converter = AgeConverter.class,
			description = "Delete audit entries older than this (e.g. 90d, 12h, P90D; 'keep' keeps all). Default 90d.")
	@Nullable Age auditOlderThan;

	@Option(names = "--deleted-older-than", paramLabel = "AGE", converter = AgeConverter.class,
			description = "Purge soft-deleted rows deleted longer ago than this ('keep' keeps all). Default 30d.")
	@Nullable Age deletedOlderThan;

	@Option(names = "--batch-size", paramLabel = "N", description = "Rows per delete statement (default 5000).")
	@Nullable Integer batchSize;

	@Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
	boolean dryRun;

	@Override
	public Integer call() {
		Output output = this.db.output();
		RetentionOptions defaults = this.db.services().retentionDefaults();
		RetentionOptions options = RetentionOptions.builder()
			.auditOlderThan((this.auditOlderThan != null) ? this.auditOlderThan.age() : defaults.auditOlderThan())
			.deletedOlderThan((this.deletedOlderThan != null) ? this.deletedOlderThan.age() : defaults.deletedOlderThan())
			.batchSize((this.batchSize != null) ? this.batchSize : defaults.batchSize())
			.dryRun(this.dryRun)
			.build();
		RetentionReport report;
		try (Progress progress = Progress.start("retention", output)) {
			report = this.db.services().retention().run(options, (table, rows) -> progress.update(table, rows)).block();
		}
		if (output.json()) {
			output.json(report);
			return DbCommandLine.OK;
		}
		String verb = report.dryRun() ? "would delete" : "deleted";
		for (RetentionReport.TableResult table : report.tables()) {
			output.line(table.table() + ": " + verb + " " + table.rows() + " "
					+ ((table.kind() == RetentionTable.Kind.AUDIT) ? "audit entries"
							: "soft-deleted rows")
					+ " older than " + table.cutoff() + (report.dryRun() ? "" : " in " + table.batches() + " batches"));
		}
		output.line((report.dryRun() ? "dry run: nothing deleted, " : "") + "total " + report.total() + " rows");
		return DbCommandLine.OK;
	}

	/**
	 * An age from the command line, or none ({@code keep}).
	 */
	record Age(@Nullable Duration age) {
	}

	static final class AgeConverter implements ITypeConverter<Age> {

		@Override
		public Age convert(String value) {
			String text = value.strip().toLowerCase(Locale.ROOT);
			if (text.equals("keep")) {
				return new Age(null);
			}
			try {
				Duration age;
				if (text.startsWith("p")) {
					age = Duration.parse(text.toUpperCase(Locale.ROOT));
				}
				else {
					long amount = Long.parseLong(text.substring(0, text.length() - 1));
					age = switch (text.charAt(text.length() - 1)) {
						case 'd' -> Duration.ofDays(amount);
						case 'h' -> Duration.ofHours(amount);
						case 'm' -> Duration.ofMinutes(amount);
						case 's' -> Duration.ofSeconds(amount);
						default -> throw new TypeConversionException("");
					};
				}
				if (age.isNegative() || age.isZero()) {
					throw new TypeConversionException("'" + value + "' is not a positive age");
				}
				return new Age(age);
			}
			catch (RuntimeException ex) {
				if (ex instanceof TypeConversionException conversion && !conversion.getMessage().isEmpty()) {
					throw conversion;
				}
				throw new TypeConversionException("'" + value + "' is not an age like 90d, 12h, 30m or P90D");
			}
		}

	}

}
