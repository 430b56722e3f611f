package dev.reactivedata.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.maintenance.MaintenanceOperations;
import dev.reactivedata.core.maintenance.SchemaReport;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db schema [--table T]}.
 */
@Command(name = "schema", description = "Tables with their columns (types, defaults), indexes, foreign keys, "
		+ "row-level security state and policies.")
final class SchemaCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Option(names = "--table", paramLabel = "T", description = "A table to show (repeatable; default: all).")
	List<String> tables = new ArrayList<>();

	@Override
	public Integer call() {
		Output output = this.db.output();
		OperationSettings settings = this.db.services().settings();
		SchemaReport report = new MaintenanceOperations(settings.ownerDataSource(), settings.maintenanceOptions())
			.schema(this.tables)
			.block();
		if (output.json()) {
			output.json(report);
			return DbCommandLine.OK;
		}
		for (SchemaReport.Table table : report.tables()) {
			output.line(table.table() + "  (row-level security: " + (table.rowLevelSecurity()
					? (table.forceRowLevelSecurity() ? "enabled, forced" : "enabled") : "disabled") + ")");
			for (SchemaReport.Column column : table.columns()) {
				output.line(String.format("  %-24s %-28s %-8s %s", column.name(), column.type(),
						column.nullable() ? "null" : "not null",
						defaultText(column.defaultValue())));
			}
			for (SchemaReport.Index index : table.indexes()) {
				output.line("  index " + index.name() + (index.primary() ? " (primary key)" : index.unique() ? " (unique)" : "")
						+ ": " + index.definition());
			}
			for (SchemaReport.ForeignKey key : table.foreignKeys()) {
				output.line("  foreign key " + key.name() + ": " + key.definition());
			}
			for (SchemaReport.Policy policy : table.policies()) {
				output.line("  policy " + policy.name() + " (" + (policy.permissive() ? "permissive" : "restrictive") + ", "
						+ policy.command() + ", to " + String.join(", ", policy.roles()) + ")"
						+ ((policy.using() != null) ? " using " + policy.using() : "")
						+ ((policy.withCheck() != null) ? " with check " + policy.withCheck() : ""));
			}
			output.line("");
		}
		return DbCommandLine.OK;
	}

	private static String defaultText(@Nullable String value) {
		if (value == null) {
			return "";
		}
		return value.startsWith("GENERATED ") ? value : "default " + value;
	}

}
