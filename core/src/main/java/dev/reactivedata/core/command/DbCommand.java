package dev.reactivedata.core.command;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code db}: the root command. Alone, it prints its usage and exits 2.
 */
@Command(name = "db", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = DbCommand.Version.class,
		description = "Operates the application's database with its own configuration: migrations, seeding, retention.",
		subcommands = { MigrateCommand.class, InfoCommand.class, ValidateCommand.class, DryRunCommand.class,
				UndoCommand.class, NewCommand.class, SeedCommand.class, RetentionCommand.class,
				BackupCommand.class, BackupsCommand.class, RestoreCommand.class, VacuumCommand.class,
				AnalyzeCommand.class, StatsCommand.class, SchemaCommand.class, ViewsCommand.class, ExportCommand.class,
				ImportCommand.class, AuditCommand.class, InsightsCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done, checks pass", "1:a check failed or the work failed", "2:usage error" })
final class DbCommand implements Callable<Integer> {

	/** Output formats; {@code db export} also writes CSV and NDJSON. */
	enum Format {

		TEXT, JSON, CSV, NDJSON

	}

	/** Prints the library's version ({@code -V}). */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = DbCommand.class.getPackage().getImplementationVersion();
			return new String[] { "reactive-data-layer db " + ((version != null) ? version : "(development build)") };
		}

	}

	@Spec
	CommandSpec spec;

	@Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "text|json", defaultValue = "text",
			description = "Output format: text (default) or json.")
	Format format = Format.TEXT;

	@Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
	boolean debug;

	private final CommandServices services;

	private final Output output;

	DbCommand(CommandServices services, Output output) {
		this.services = services;
		this.output = output;
	}

	CommandServices services() {
		return this.services;
	}

	Output output() {
		return new Output(this.output.out(), this.output.err(), this.format == Format.JSON, this.output.terminal());
	}

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.output.err());
		return DbCommandLine.USAGE;
	}

}
