package dev.reactivedata.bench.harness;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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

	@Test
	void backendsEndingWhileTheServerIsReadCountOnce() throws InterruptedException {
		PostgresqlConnectionFactory postgres = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(System.getenv().getOrDefault("PGHOST", "127.0.0.1"))
			.port(Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432")))
			.username("postgres")
			.database("postgres")
			.build());
		Optional<ServerCpu> found = query(postgres, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
			.onErrorComplete()
			.blockOptional()
			.flatMap(ServerCpu::of);
		assumeThat(found).as("a PostgreSQL server on this machine at PGHOST:PGPORT").isPresent();
		ServerCpu server = found.get();
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger wentBack = new AtomicInteger();
		Thread reader = new Thread(() -> {
			long last = server.nanos();
			while (!done.get()) {
				long now = server.nanos();
				if (now < last) {
					wentBack.incrementAndGet();
				}
				last = Math.max(last, now);
			}
		});
		reader.start();
		try {
			// Each connection's backend burns ticks, then ends and is reaped while the reader lists the processes.
			for (int i = 0; i < 10; i++) {
				query(postgres, "SELECT count(*) FROM generate_series(1, 2000000)").block();
			}
		}
		finally {
			done.set(true);
			reader.join();
		}
		assertThat(wentBack).as("readings lower than an earlier one").hasValue(0);
	}

	private static Mono<Long> query(PostgresqlConnectionFactory postgres, String sql) {
		return Mono.usingWhen(postgres.create(),
				connection -> connection.createStatement(sql)
					.execute()
					.flatMap(result -> result.map((row, metadata) -> row.get(0, Long.class)))
					.next(),
				PostgresqlConnection::close);
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().filter(command -> command.endsWith("/postgres")).isPresent();
	}

}
