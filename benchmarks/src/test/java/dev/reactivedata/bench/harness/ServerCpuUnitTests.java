package dev.reactivedata.bench.harness;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ServerCpuUnitTests {

	@Test
	void aProcessThatIsNotPostgresIsNoServer() {
		assertThat(ServerCpu.of(ProcessHandle.current().pid())).isEmpty();
		assertThat(ServerCpu.of(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	void theLocalServersTimeIsPositiveAndNeverGoesBack() {
		// A process the postmaster forked: its parent is a postgres process too.
		Optional<ProcessHandle> forked = ProcessHandle.allProcesses()
			.filter(process -> isPostgres(process) && process.parent().filter(ServerCpuUnitTests::isPostgres).isPresent())
			.findFirst();
		assumeThat(forked).as("a PostgreSQL server on this machine").isPresent();
		ServerCpu server = ServerCpu.of(forked.get().pid()).orElseThrow();
		long first = server.nanos();
		assertThat(first).isPositive();
		assertThat(server.nanos()).isGreaterThanOrEqualTo(first);
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().filter(command -> command.endsWith("/postgres")).isPresent();
	}

}
