package dev.reactivedata.core.command;

import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.migration.MigrationOperations;
import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import dev.reactivedata.core.seed.SeedOperations;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The operations of a started application, looked up when a command first needs them.
 */
final class ContextCommandServices implements CommandServices {

	private final ApplicationContext context;

	ContextCommandServices(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public MigrationOperations migrations() {
		return bean(MigrationOperations.class, "Flyway is not configured (spring.flyway.*, org.flywaydb:flyway-core "
				+ "and flyway-database-postgresql on the class path)");
	}

	@Override
	public SeedOperations seeds() {
		return bean(SeedOperations.class, "R2DBC is not configured (spring.r2dbc.*)");
	}

	@Override
	public RetentionOperations retention() {
		return bean(RetentionOperations.class, "R2DBC is not configured (spring.r2dbc.*)");
	}

	@Override
	public RetentionOptions retentionDefaults() {
		return this.context.getBeanProvider(RetentionOptions.class).getIfAvailable(() -> RetentionOptions.builder().build());
	}

	@Override
	public AuditChainVerifier auditChains() {
		return bean(AuditChainVerifier.class, "R2DBC is not configured (spring.r2dbc.*)");
	}

	@Override
	public DatabaseReport<?> report(String name) {
		return this.context.getBeanProvider(DatabaseReport.class)
			.orderedStream()
			.filter(report -> report.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new CommandException("db " + name
					+ " needs reactivedata-monitoring on the application's class path"));
	}

	@Override
	public String databaseUrl() {
		Environment environment = this.context.getEnvironment();
		for (String key : new String[] { "spring.flyway.url", "spring.datasource.url", "spring.r2dbc.url" }) {
			String url = environment.getProperty(key);
			if (url != null) {
				return url;
			}
		}
		return "(not configured)";
	}

	@Override
	public OperationSettings settings() {
		return OperationSettings.of(this.context.getEnvironment());
	}

	private <T> T bean(Class<T> type, String missing) {
		try {
			return this.context.getBean(type);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new CommandException(missing);
		}
	}

}
