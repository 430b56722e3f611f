package dev.reactivedata.core.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PgTool}'s version, asked of a program (a shell script that counts how often it is asked) once per
 * program file.
 */
class PgToolIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void theVersionIsAskedOnceWhileTheProgramStaysTheSame() throws IOException {
		Path program = program("15");
		PgTool tool = new PgTool("pg_dump", program.toString());
		assertThat(tool.majorVersion()).isEqualTo(15);
		assertThat(tool.majorVersion()).isEqualTo(15);
		assertThat(asked()).isEqualTo(1);
	}

	@Test
	void aReplacedProgramIsAskedAgain() throws IOException {
		Path program = program("15");
		PgTool tool = new PgTool("pg_dump", program.toString());
		assertThat(tool.majorVersion()).isEqualTo(15);
		program("16.4");
		assertThat(tool.majorVersion()).isEqualTo(16);
		assertThat(asked()).isEqualTo(2);
	}

	private Path program(String version) throws IOException {
		Path program = this.directory.resolve("pg_dump");
		Files.writeString(program, "#!/bin/sh\necho asked >> '" + this.directory.resolve("asked") + "'\n"
				+ "echo 'pg_dump (PostgreSQL) " + version + "'\n");
		Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
		return program;
	}

	private long asked() throws IOException {
		return Files.readAllLines(this.directory.resolve("asked")).size();
	}

}
