package dev.reactivedata.demo.audit;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the demo's migrated schema, {@code rdl_app} appends and reads its tenant's audit entries and can do nothing
 * else to the audit log: the old retention function is gone and it may not update, delete or truncate.
 */
class AuditLogGrantsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	@Test
	void applicationRoleAppendsAndReads() {
		asApplication(connection -> run(connection, "INSERT INTO audit_log (entity_type, entity_id, action) VALUES ('Article', '1', 'CREATE')")
			.then(Mono.from(connection.createStatement("SELECT count(*) FROM audit_log").execute())
				.flatMap(result -> Mono.from(result.map((row, metadata) -> row.get(0, Long.class))))))
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
	}

	@Test
	void applicationRoleCannotRunTheOldRetentionFunction() {
		refused("SELECT reactivedata_audit_log_delete_before(now() + interval '1 day')", "does not exist");
	}

	@Test
	void applicationRoleCannotUpdateDeleteOrTruncate() {
		refused("UPDATE audit_log SET actor = 'mallory'", "permission denied");
		refused("DELETE FROM audit_log", "permission denied");
		refused("TRUNCATE audit_log", "permission denied");
	}

	private void refused(String sql, String message) {
		asApplication(connection -> run(connection, sql))
			.as(StepVerifier::create)
			.expectErrorSatisfies(ex -> assertThat(ex).hasStackTraceContaining(message))
			.verify(Duration.ofSeconds(10));
	}

	private <T> Mono<T> asApplication(Function<Connection, Mono<T>> work) {
		DatabaseClient client = DatabaseClient.create(dataLayer.database().connectionFactory("rdl_app", DemoDataLayer.APP_PASSWORD));
		return client.inConnection(connection -> run(connection, "SELECT set_config('app.tenant_id', '" + this.tenant + "', false)")
			.then(work.apply(connection)));
	}

	private static Mono<Long> run(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).flatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
	}

}
