package dev.reactivedata.core.command;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.migration.MigrationException;
import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.seed.SeedException;
import dev.reactivedata.core.seed.SeedOperations;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import org.springframework.context.ApplicationContext;

/**
 * The {@code db} command line: {@code java -jar app.jar db <command> [options]} (DESIGN §11). An application
 * needs nothing more than the core library: the auto-configuration's {@code DbCommandRunListener} notices
 * {@code db} as the first argument, starts the application without a web server, start-up migrations or seeding, runs the command with
 * the application's configuration and exits with {@link #OK 0}, {@link #FAILED 1} or {@link #USAGE 2}. Errors
 * are one line on standard error (stack traces with {@code --debug}).
 */
public final class DbCommandLine {

	/** The first argument that selects the command line. */
	public static final String COMMAND = "db";

	/** Set to {@code true} while the application runs a {@code db} command; start-up work can check it. */
	public static final String ACTIVE_PROPERTY = "reactivedata.command.active";

	/** Exit code: done, checks pass. */
	public static final int OK = 0;

	/** Exit code: a check failed or the work failed. */
	public static final int FAILED = 1;

	/** Exit code: usage error. */
	public static final int USAGE = 2;

	private DbCommandLine() {
	}

	/**
	 * Tells whether program arguments ask for the command line.
	 * @param args the program arguments
	 * @return {@code true} when the first argument is {@value #COMMAND}
	 */
	public static boolean isCommand(String... args) {
		return args.length > 0 && COMMAND.equals(args[0]);
	}

	/**
	 * The properties an application runs a command with: no web server, no banner, migrations and the database
	 * role check left to the commands, beans created only when a command needs them, quiet logs.
	 * @return the properties, to be added before the application's own
	 */
	public static Map<String, Object> applicationProperties() {
		return Map.of("spring.main.web-application-type", "none", "spring.main.banner-mode", "off",
				"spring.main.lazy-initialization", "true", "spring.main.log-startup-info", "false",
				"reactivedata.core.tenancy.verify-role", "false", "logging.level.root", "warn", "logging.level.io.micrometer",
				"error", ACTIVE_PROPERTY, "true");
	}

	/**
	 * Handles {@code --help}, {@code --version} and usage errors, which need no application.
	 * @param out standard output
	 * @param err standard error
	 * @param args the arguments after {@value #COMMAND}
	 * @return the exit code when the arguments were handled here, empty when a command has to run
	 */
	public static Optional<Integer> checkUsage(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = commandLine(new UnavailableServices(), new Output(out, err, false, false));
		try {
			CommandLine.ParseResult parsed = commandLine.parseArgs(args);
			if (CommandLine.printHelpIfRequested(parsed)) {
				return Optional.of(OK);
			}
			return Optional.empty();
		}
		catch (ParameterException ex) {
			err.println(ex.getMessage());
			ex.getCommandLine().usage(err);
			err.flush();
			return Optional.of(USAGE);
		}
	}

	/**
	 * Runs a command with the operations of a started application.
	 * @param context the application
	 * @param out standard output
	 * @param err standard error
	 * @param terminal whether standard output is an interactive terminal (progress bars)
	 * @param args the arguments after {@value #COMMAND}
	 * @return the exit code
	 */
	public static int execute(ApplicationContext context, PrintWriter out, PrintWriter err, boolean terminal,
			String... args) {
		Objects.requireNonNull(context, "context must not be null");
		int code = commandLine(new ContextCommandServices(context), new Output(out, err, false, terminal)).execute(args);
		out.flush();
		err.flush();
		return code;
	}

	static CommandLine commandLine(CommandServices services, Output output) {
		CommandLine commandLine = new CommandLine(new DbCommand(services, output), new CommandFactory(services, output));
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setOut(output.out());
		commandLine.setErr(output.err());
		commandLine.setExecutionExceptionHandler((ex, failed, parsed) -> {
			DbCommand root = (DbCommand) failed.getCommandSpec().root().userObject();
			output.problem(describe(ex, services));
			if (root.debug) {
				ex.printStackTrace(output.err());
			}
			return FAILED;
		});
		return commandLine;
	}

	/**
	 * Says in one line what went wrong: the refusal of an operation as it is, an unreachable database with its
	 * URL and the reason.
	 */
	static String describe(Throwable failure, CommandServices services) {
		Throwable ex = unwrap(failure);
		if (unreachable(ex)) {
			Throwable root = rootCause(ex);
			String reason = (root instanceof UnknownHostException) ? "unknown host " + root.getMessage()
					: firstLine(root.getMessage());
			return "database " + services.databaseUrl() + " unreachable: " + reason;
		}
		if (ex instanceof MigrationException || ex instanceof SeedException || ex instanceof CommandException) {
			return firstLine(ex.getMessage());
		}
		String message = firstLine(ex.getMessage());
		return message.isEmpty() ? ex.getClass().getSimpleName() : message;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable ex = failure;
		// block() wraps checked exceptions; keep the one the operation raised.
		while (ex.getCause() != null && ex.getClass().getName().startsWith("reactor.core.Exceptions$")) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static boolean unreachable(Throwable failure) {
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			if (ex instanceof ConnectException || ex instanceof UnknownHostException
					|| ex instanceof R2dbcNonTransientResourceException) {
				return true;
			}
			if (ex instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (ex.getCause() == ex) {
				break;
			}
		}
		return false;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable ex = failure;
		while (ex.getCause() != null && ex.getCause() != ex) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static String firstLine(@Nullable String message) {
		return (message != null) ? message.lines().findFirst().orElse("").strip() : "";
	}

	private record CommandFactory(CommandServices services, Output output) implements CommandLine.IFactory {

		@Override
		public <K> K create(Class<K> type) throws Exception {
			if (type == DbCommand.class) {
				return type.cast(new DbCommand(this.services, this.output));
			}
			return CommandLine.defaultFactory().create(type);
		}

	}

	private static final class UnavailableServices implements CommandServices {

		@Override
		public MigrationOperations migrations() {
			throw new IllegalStateException("No application is running");
		}

		@Override
		public SeedOperations seeds() {
			throw new IllegalStateException("No application is running");
		}

		@Override
		public RetentionOperations retention() {
			throw new IllegalStateException("No application is running");
		}

		@Override
		public RetentionOptions retentionDefaults() {
			return RetentionOptions.builder().build();
		}

		@Override
		public AuditChainVerifier auditChains() {
			throw new IllegalStateException("No application is running");
		}

		@Override
		public DatabaseReport<?> report(String name) {
			throw new IllegalStateException("No application is running");
		}

		@Override
		public String databaseUrl() {
			return "(none)";
		}

	}

}
