package dev.reactivedata.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BackupOperations} refusals that the command tests do not reach, on a real PostgreSQL.
 */
class BackupOperationsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	@TempDir
	Path backups;

	@Test
	void missingPgDumpSaysHowToInstallIt() {
		BackupOperations operations = new BackupOperations(login(), "/nonexistent/pg_dump", "pg_restore",
				Clock.systemUTC());
		operations.backup(BackupMode.FULL, this.backups, ProgressListener.NONE)
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(BackupException.class)
				.hasMessage("pg_dump not found (/nonexistent/pg_dump): install PostgreSQL's client programs of the "
						+ "server's major version or newer, e.g. apt-get install postgresql-client-15"))
			.verify(Duration.ofSeconds(30));
		assertThat(this.backups.toFile().list()).isEmpty();
	}

	@Test
	void pgDumpOlderThanTheServerIsRefused() throws IOException {
		Path tool = Files.writeString(this.backups.resolve("old_pg_dump"), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9'\n");
		Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
		Path target = this.backups.resolve("out");
		new BackupOperations(login(), tool.toString(), "pg_restore", Clock.systemUTC())
			.backup(BackupMode.FULL, target, ProgressListener.NONE)
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(BackupException.class)
				.hasMessageMatching("pg_dump 9 cannot handle PostgreSQL server \\d+: install PostgreSQL's client programs "
						+ "\\d+ or newer, e\\.g\\. apt-get install postgresql-client-\\d+"))
			.verify(Duration.ofSeconds(30));
		assertThat(target).doesNotExist();
	}

	@Test
	void listOfAMissingDirectoryIsEmpty() {
		new BackupOperations(login()).list(this.backups.resolve("none"))
			.as(StepVerifier::create)
			.assertNext(list -> assertThat(list).isEmpty())
			.verifyComplete();
	}

	@Test
	void versionsCompareAsNumbers() {
		assertThat(BackupOperations.compareVersions("10", "9")).isPositive();
		assertThat(BackupOperations.compareVersions("0.0.10", "0.0.2")).isPositive();
		assertThat(BackupOperations.compareVersions("1.2", "1.2.0")).isZero();
	}

	private static DatabaseLogin login() {
		return new DatabaseLogin(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(),
				dataLayer.database().ownerPassword());
	}

}
