package dev.reactivedata.core.autoconfigure;

import java.net.ConnectException;
import java.sql.SQLException;

import dev.reactivedata.core.tenant.UnsafeDatabaseRoleException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FailureAnalyzersUnitTests {

	@Test
	void unreachableDatabaseNamesTheUrlsAndTheRetrySettings() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.r2dbc.url", "r2dbc:postgresql://db:5432/app")
			.withProperty("spring.flyway.url", "jdbc:postgresql://db:5432/app")
			.withProperty("spring.flyway.connect-retries", "5");
		Throwable failure = new BeanCreationException("flyway", new IllegalStateException("Unable to obtain connection",
				new SQLException("Connection to db:5432 refused", "08001", new ConnectException("Connection refused"))));
		FailureAnalysis analysis = new DatabaseUnreachableFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("PostgreSQL could not be reached")
			.contains("r2dbc:postgresql://db:5432/app")
			.contains("jdbc:postgresql://db:5432/app")
			.contains("retried 5 times");
		assertThat(analysis.getAction()).contains("spring.flyway.connect-retries")
			.contains("reactivedata.core.tenancy.verify-timeout");
	}

	@Test
	void unreachableAnalyzerLeavesOtherConnectionsAlone() {
		Throwable failure = new IllegalStateException("redis", new ConnectException("Connection refused"));
		assertThat(new DatabaseUnreachableFailureAnalyzer(new MockEnvironment()).analyze(failure)).isNull();
	}

	@Test
	void unsafeRoleNamesThePropertyAndWhyNotToUseIt() {
		Throwable failure = new BeanCreationException("check",
				new UnsafeDatabaseRoleException("The application connects to PostgreSQL as role 'postgres', ..."));
		FailureAnalysis analysis = new UnsafeDatabaseRoleFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("role 'postgres'");
		assertThat(analysis.getAction()).contains("NOSUPERUSER NOBYPASSRLS")
			.contains("reactivedata.core.tenancy.verify-role=false")
			.contains("every tenant would read and change every other tenant's rows");
	}

	@Test
	void mismatchedDatabasesNameBoth() {
		Throwable failure = new BeanCreationException("flyway", new MigrationDatabaseMismatchException("app", "postgres"));
		FailureAnalysis analysis = new MigrationDatabaseMismatchFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("R2DBC connects to database 'app'")
			.contains("Flyway migrates database 'postgres'");
		assertThat(analysis.getAction()).contains("spring.flyway.url and spring.r2dbc.url")
			.contains("reactivedata.core.migrations.verify-same-database=false");
	}

}
