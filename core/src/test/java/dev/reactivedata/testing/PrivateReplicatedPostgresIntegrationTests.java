package dev.reactivedata.testing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateReplicatedPostgresIntegrationTests {

	@Test
	void replicaStreamsThePrimarysWritesAndCanBeDelayedAndStopped() {
		PrivateReplicatedPostgres servers = PrivateReplicatedPostgres.shared();
		String database = servers.createDatabase("kit");
		servers.primary().execute(database, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)");
		servers.awaitReplayed();
		assertThat(servers.replica().queryValue(database, "SELECT count(*) FROM t")).isEqualTo("1");
		assertThat(servers.replica().queryValue(database, "SELECT pg_is_in_recovery()")).isEqualTo("t");
		servers.replayDelay(Duration.ofMillis(300));
		try {
			assertThat(servers.replica().queryValue(database, "SHOW recovery_min_apply_delay")).isEqualTo("300ms");
		}
		finally {
			servers.replayDelay(Duration.ZERO);
		}
		servers.stopReplica();
		servers.startReplica();
		servers.primary().execute(database, "INSERT INTO t VALUES (2)");
		servers.awaitReplayed();
		assertThat(servers.replica().queryValue(database, "SELECT count(*) FROM t")).isEqualTo("2");
	}

}
