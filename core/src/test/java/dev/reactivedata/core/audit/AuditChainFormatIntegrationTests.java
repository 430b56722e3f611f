package dev.reactivedata.core.audit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.migration.LibraryMigrations;
import dev.reactivedata.testing.DataLayerExtension;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries hashed before the chain's content format 2 (library migration 0.0.5) keep verifying in format 1, and
 * the chain continues across the change: a database is migrated to 0.0.4, written to, migrated on, written to
 * again.
 */
class AuditChainFormatIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations();

	private static final UUID TENANT = UUID.randomUUID();

	private static DatabaseClient owner;

	@BeforeAll
	static void migrateAcrossTheFormatChange() {
		owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		library().target("0.0.4").load().migrate();
		// SQL NULL and JSON null values, which format 1 cannot tell apart.
		insert("('before-1', NULL, '{\"name\": \"a\"}'), ('before-2', '{\"name\": \"a\"}', 'null'), ('before-3', NULL, NULL)");
		LibraryMigrations.migrate(library());
		insert("('after-1', NULL, 'null'), ('after-2', 'null', NULL)");
		// Since 0.0.6 entries are chained by the sealer, after the inserts commit: it continues the trigger's chain.
		AuditChainSealer.create(owner).seal().block(Duration.ofSeconds(10));
	}

	@Test
	void entriesKeepTheFormatTheyWereHashedIn() {
		owner.sql("SELECT a.entity_id || ':' || k.chain_format || '@' || k.chain_seq FROM audit_log a "
				+ "JOIN audit_log_chain k ON k.entry_id = a.id WHERE a.tenant_id = $1 ORDER BY a.id")
			.bind(0, TENANT)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.as(StepVerifier::create)
			.expectNext(List.of("before-1:1@1", "before-2:1@2", "before-3:1@3", "after-1:2@4", "after-2:2@5"))
			.verifyComplete();
	}

	@Test
	void entriesOfBothFormatsVerify() {
		AuditChainVerifier.create(owner)
			.verify(TENANT)
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.entriesChecked()).isEqualTo(5);
				assertThat(report.intact()).isTrue();
			})
			.verifyComplete();
	}

	private static FluentConfiguration library() {
		return LibraryMigrations.configure(Flyway.configure()
			.dataSource(dataLayer.database().jdbcUrl(), dataLayer.database().ownerUser(), dataLayer.database().ownerPassword()));
	}

	// As the owner (a superuser here, past row-level security).
	private static void insert(String values) {
		Flux.from(owner.sql("INSERT INTO audit_log (tenant_id, entity_type, entity_id, action, old_value, new_value) "
				+ "SELECT '" + TENANT + "'::uuid, 'Account', v.id, 'UPDATE', v.old::jsonb, v.new::jsonb FROM (VALUES "
				+ values + ") AS v(id, old, new)").fetch().rowsUpdated())
			.then()
			.block(Duration.ofSeconds(10));
	}

}
