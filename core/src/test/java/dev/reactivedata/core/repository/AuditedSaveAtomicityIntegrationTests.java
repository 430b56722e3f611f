package dev.reactivedata.core.repository;

import java.time.Duration;
import java.util.UUID;

import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.dao.DataAccessException;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A save of an {@code @Audited} entity writes its row and its audit entry in separate statements, so the
 * repository runs them in one transaction: killing the backend while the audit insert waits (on a lock another
 * connection holds on {@code audit_log}) leaves neither the write nor the entry, with no transaction of the
 * caller's.
 */
class AuditedSaveAtomicityIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/reactivedata",
			"classpath:db/repository-test", "classpath:db/repository-audit-test");

	private static RepositoryTestContext context;

	private static DatabaseClient owner;

	private final UUID tenant = UUID.randomUUID();

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void insertKilledBeforeItsAuditEntryLeavesNoRow() {
		killedWhileAuditing(inRequest(context.auditedItems().save(new AuditedItem("Killed insert"))));
		count("SELECT count(*) FROM items WHERE title = 'Killed insert'").as(StepVerifier::create).expectNext(0L).verifyComplete();
		count("SELECT count(*) FROM audit_log WHERE tenant_id = '" + this.tenant + "'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void updateKilledBeforeItsAuditEntryLeavesTheOldRow() {
		AuditedItem item = inRequest(context.auditedItems().save(new AuditedItem("Before"))).block(Duration.ofSeconds(30));
		item.setTitle("Killed update");
		killedWhileAuditing(inRequest(context.auditedItems().save(item)));
		count("SELECT count(*) FROM items WHERE title = 'Before' AND version = 0")
			.as(StepVerifier::create)
			.expectNext(1L)
			.verifyComplete();
		count("SELECT count(*) FROM audit_log WHERE tenant_id = '" + this.tenant + "' AND action = 'UPDATE'")
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	/**
	 * Holds a lock that blocks inserts into {@code audit_log}, runs the save, terminates its backend once it waits
	 * on the lock, and expects the save to fail.
	 */
	private void killedWhileAuditing(Mono<?> save) {
		Sinks.Empty<Void> locked = Sinks.empty();
		Sinks.Empty<Void> released = Sinks.empty();
		Mono<Void> lockHolder = owner.inConnection(connection -> run(connection, "BEGIN")
			.then(run(connection, "LOCK TABLE audit_log IN SHARE MODE"))
			.then(Mono.fromRunnable(locked::tryEmitEmpty))
			.then(released.asMono())
			.then(run(connection, "ROLLBACK")));
		Mono<Throwable> saving = locked.asMono().then(save.then(Mono.<Throwable>empty()).onErrorResume(Mono::just));
		Mono<Void> killing = locked.asMono()
			.then(owner.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = '"
					+ RepositoryTestContext.APP_ROLE + "' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_log%'")
				.map(row -> row.get(0, Integer.class))
				.first()
				.repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(50)).take(200)))
			.flatMap(pid -> owner.sql("SELECT pg_terminate_backend($1)").bind(0, pid).then())
			.doFinally(signal -> released.tryEmitEmpty());
		Mono.zip(lockHolder.thenReturn(true), saving.single(), killing.thenReturn(true))
			.as(StepVerifier::create)
			.assertNext(outcome -> assertThat(outcome.getT2()).isInstanceOf(DataAccessException.class))
			.verifyComplete();
	}

	private static Mono<Void> run(Connection connection, String sql) {
		return Mono.from(connection.createStatement(sql).execute()).flatMap(result -> Mono.from(result.getRowsUpdated())).then();
	}

	private static Mono<Long> count(String sql) {
		return owner.sql(sql).map((row, metadata) -> row.get(0, Long.class)).one();
	}

	private <T> Mono<T> inRequest(Mono<T> mono) {
		return mono.contextWrite(this::request);
	}

	private Context request(Context context) {
		return TenantContext.withTenant(this.tenant).andThen(AuditContext.withActor("user:alice")).apply(context);
	}

}
