package dev.reactivedata.core.autoconfigure;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import dev.reactivedata.core.command.DbCommandLine;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns any Spring Boot application started with {@code db …} as its arguments into the {@code db} command line
 * (registered in {@code META-INF/spring.factories}): usage and help are answered before the application starts;
 * otherwise the application starts without a web server and with {@link DbCommandLine#applicationProperties()},
 * the command runs once it is ready, and the JVM exits with the command's exit code. Without {@code db} it does
 * nothing.
 */
public final class DbCommandRunListener implements SpringApplicationRunListener, Ordered {

	private final String @Nullable [] commandArgs;

	private final PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());

	private final PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());

	/**
	 * Creates the listener (Spring Boot calls this for every application run).
	 * @param application the application
	 * @param args its arguments
	 */
	public DbCommandRunListener(SpringApplication application, String[] args) {
		if (DbCommandLine.isCommand(args)) {
			this.commandArgs = Arrays.copyOfRange(args, 1, args.length);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setBannerMode(Banner.Mode.OFF);
			application.setLogStartupInfo(false);
			// Command options such as --debug belong to the command, not to Spring Boot.
			application.setAddCommandLineProperties(false);
		}
		else {
			this.commandArgs = null;
		}
	}

	/**
	 * Runs before Spring Boot's own listener, so that the command's properties (quiet logs) are in place when
	 * logging is set up.
	 */
	@Override
	public int getOrder() {
		return -1;
	}

	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		if (this.commandArgs != null) {
			Optional<Integer> handled = DbCommandLine.checkUsage(this.out, this.err, this.commandArgs);
			handled.ifPresent(System::exit);
		}
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
		if (this.commandArgs != null) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("reactivedataDbCommand", DbCommandLine.applicationProperties()));
		}
	}

	@Override
	public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
		if (this.commandArgs != null) {
			int code = DbCommandLine.execute(context, this.out, this.err, System.console() != null, this.commandArgs);
			System.exit(SpringApplication.exit(context, () -> code));
		}
	}

	@Override
	public void failed(@Nullable ConfigurableApplicationContext context, Throwable exception) {
		if (this.commandArgs != null) {
			this.err.println("db: the application did not start: " + firstLine(exception));
			if (Arrays.asList(this.commandArgs).contains("--debug")) {
				exception.printStackTrace(this.err);
			}
			this.err.flush();
			System.exit(DbCommandLine.FAILED);
		}
	}

	private static String firstLine(Throwable exception) {
		Throwable ex = exception;
		while (ex.getCause() != null && ex.getCause() != ex) {
			ex = ex.getCause();
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return message.lines().findFirst().orElse(message);
	}

}
