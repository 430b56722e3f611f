package dev.reactivedata.demo;

import java.util.List;
import java.util.UUID;

import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo schema's row-level security binds {@code rdl_app}: it sees only the bound tenant's rows, none
 * without a tenant, and cannot switch the policies off.
 */
class TenantIsolationIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	private static final UUID ACME = UUID.randomUUID();

	private static final UUID GLOBEX = UUID.randomUUID();

	private static DatabaseClient app;

	@BeforeAll
	static void createTenantsAndArticles() {
		DatabaseClient owner = DatabaseClient.create(dataLayer.database().ownerConnectionFactory());
		owner.sql("INSERT INTO tenants (id, slug, name) VALUES (:acme, 'acme', 'Acme'), (:globex, 'globex', 'Globex')")
			.bind("acme", ACME)
			.bind("globex", GLOBEX)
			.then()
			.then(owner.sql("INSERT INTO articles (tenant_id, title) VALUES (:acme, 'acme-1'), (:globex, 'globex-1')")
				.bind("acme", ACME)
				.bind("globex", GLOBEX)
				.then())
			.as(StepVerifier::create)
			.verifyComplete();
		app = DatabaseClient.create(new TenantBindingConnectionFactory(
				dataLayer.database().connectionFactory("rdl_app", DemoDataLayer.APP_PASSWORD)));
	}

	@Test
	void applicationRoleSeesOnlyTheBoundTenantsRows() {
		titles("SELECT title FROM articles", ACME).as(StepVerifier::create).expectNext(List.of("acme-1")).verifyComplete();
		titles("SELECT title FROM articles", GLOBEX).as(StepVerifier::create).expectNext(List.of("globex-1")).verifyComplete();
	}

	@Test
	void explicitFilterOnAnotherTenantFindsNothing() {
		app.sql("SELECT title FROM articles WHERE tenant_id = :other")
			.bind("other", GLOBEX)
			.map(row -> row.get("title", String.class))
			.all()
			.collectList()
			.contextWrite(TenantContext.withTenant(ACME))
			.as(StepVerifier::create)
			.expectNext(List.of())
			.verifyComplete();
	}

	@Test
	void noTenantSeesNoRows() {
		app.sql("SELECT count(*) AS n FROM articles")
			.map(row -> row.get("n", Long.class))
			.one()
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void applicationRoleCannotDisableRowLevelSecurity() {
		app.sql("ALTER TABLE articles DISABLE ROW LEVEL SECURITY")
			.then()
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("must be owner"))
			.verify();
	}

	@Test
	void applicationRoleCannotWriteIntoAnotherTenant() {
		app.sql("INSERT INTO articles (tenant_id, title) VALUES (:other, 'forged')")
			.bind("other", GLOBEX)
			.then()
			.contextWrite(TenantContext.withTenant(ACME))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("row-level security"))
			.verify();
	}

	private static Mono<List<String>> titles(String sql, UUID tenant) {
		return app.sql(sql)
			.map(row -> row.get("title", String.class))
			.all()
			.collectList()
			.contextWrite(TenantContext.withTenant(tenant));
	}

}
