package dev.reactivedata.core.tenant;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

class TenantBindingConnectionFactoryIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/tenant-test");

	private final UUID tenantA = UUID.randomUUID();

	private final UUID tenantB = UUID.randomUUID();

	private ConnectionPool pool;

	private TenantBindingConnectionFactory factory;

	private DatabaseClient client;

	@BeforeEach
	void setUp() {
		ConnectionFactory app = dataLayer.database().connectionFactory("rdl_test_app", "rdl_test_app");
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(app).initialSize(0).maxSize(1).build());
		this.factory = new TenantBindingConnectionFactory(this.pool);
		this.client = DatabaseClient.create(this.factory);
		insertNote(tenantA, "a-1").then(insertNote(tenantB, "b-1")).as(StepVerifier::create).verifyComplete();
	}

	@AfterEach
	void tearDown() {
		this.pool.disposeLater().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void eachTenantSeesOnlyItsOwnRowsOnOnePooledConnection() {
		Flux.concat(bodies(tenantA), bodies(null), bodies(tenantB), bodies(tenantA))
			.as(StepVerifier::create)
			.expectNext(List.of("a-1"), List.of(), List.of("b-1"), List.of("a-1"))
			.verifyComplete();
	}

	@Test
	void noTenantSeesNoTenantRows() {
		bodies(null).as(StepVerifier::create).expectNext(List.of()).verifyComplete();
	}

	@Test
	void cancelledBorrowerDoesNotLeakItsTenant() {
		Flux.range(0, 1000)
			.concatMap(i -> this.client.sql("SELECT body FROM notes, generate_series(1, 100)").fetch().all())
			.contextWrite(TenantContext.withTenant(tenantA))
			.take(3)
			.then()
			.then(bodies(null))
			.as(StepVerifier::create)
			.expectNext(List.of())
			.verifyComplete();
	}

	@Test
	void connectionAlreadyBoundToTenantIsNotBoundAgain() {
		Mono<String> bindingAfterTwoReads = bodies(tenantA).then(bodies(tenantA))
			.then(Mono.usingWhen(this.factory.create(), connection -> Mono.justOrEmpty(this.factory.knownBinding(connection)),
					connection -> connection.close())
				.contextWrite(TenantContext.withTenant(tenantA)));
		bindingAfterTwoReads.as(StepVerifier::create).expectNext(tenantA.toString()).verifyComplete();
	}

	@Test
	void everyPhysicalConnectionIsBoundOnItsOwn() {
		ConnectionPool wide = new ConnectionPool(ConnectionPoolConfiguration
			.builder(dataLayer.database().connectionFactory("rdl_test_app", "rdl_test_app"))
			.initialSize(0)
			.maxSize(4)
			.build());
		DatabaseClient client = DatabaseClient.create(new TenantBindingConnectionFactory(wide));
		Flux.range(0, 40)
			.flatMap(i -> client.sql("SELECT body FROM notes, pg_sleep(0.01)")
				.map(row -> row.get("body", String.class))
				.all()
				.collectList()
				.contextWrite(TenantContext.withTenant((i % 2 == 0) ? this.tenantA : this.tenantB))
				.map(bodies -> bodies.equals(List.of((i % 2 == 0) ? "a-1" : "b-1"))), 8)
			.all(correct -> correct)
			.as(StepVerifier::create)
			.expectNext(true)
			.verifyComplete();
		wide.disposeLater().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void unpooledConnectionsAreEachBound() {
		DatabaseClient unpooled = DatabaseClient.create(new TenantBindingConnectionFactory(
				dataLayer.database().connectionFactory("rdl_test_app", "rdl_test_app")));
		Flux.range(0, 3)
			.concatMap(i -> unpooled.sql("SELECT body FROM notes").map(row -> row.get("body", String.class)).all().collectList())
			.contextWrite(TenantContext.withTenant(this.tenantA))
			.as(StepVerifier::create)
			.expectNext(List.of("a-1"), List.of("a-1"), List.of("a-1"))
			.verifyComplete();
	}

	@Test
	void insertForAnotherTenantIsRejectedByThePolicy() {
		this.client.sql("INSERT INTO notes (tenant_id, body) VALUES (:tenant, 'x')")
			.bind("tenant", tenantB)
			.then()
			.contextWrite(TenantContext.withTenant(tenantA))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("row-level security"))
			.verify(Duration.ofSeconds(10));
	}

	private Mono<Void> insertNote(UUID tenant, String body) {
		return this.client.sql("INSERT INTO notes (body) VALUES (:body)")
			.bind("body", body)
			.then()
			.contextWrite(TenantContext.withTenant(tenant));
	}

	private Mono<List<String>> bodies(UUID tenant) {
		Flux<String> bodies = this.client.sql("SELECT body FROM notes ORDER BY id")
			.map(row -> row.get("body", String.class))
			.all();
		return ((tenant != null) ? bodies.contextWrite(TenantContext.withTenant(tenant)) : bodies).collectList();
	}

}
