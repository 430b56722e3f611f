package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.reactivedata.core.migration.MigrationKind;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db new <description> [--kind schema|data]}.
 */
@Command(name = "new", description = "Writes the next versioned migration from a template into the application's "
		+ "first migration location (a schema change also gets its undo script).")
final class NewCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Parameters(arity = "1..*", paramLabel = "<description>", description = "What the migration does.")
	List<String> description;

	@Option(names = "--kind", paramLabel = "schema|data", defaultValue = "schema",
			description = "Template: schema (default) or data.")
	MigrationKind kind = MigrationKind.SCHEMA;

	@Option(names = "--dir", paramLabel = "DIR", description = "Write here instead of the first migration location.")
	@Nullable Path dir;

	@Override
	public Integer call() {
		Output output = this.db.output();
		List<Path> written = this.db.services().migrations().create(String.join(" ", this.description), this.kind, this.dir).block();
		if (output.json()) {
			output.json(written.stream().map(Path::toString).toList());
		}
		else {
			written.forEach(path -> output.line("wrote " + path));
		}
		return DbCommandLine.OK;
	}

}
