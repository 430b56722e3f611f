package dev.reactivedata.core.repository;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.relational.core.query.Criteria;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams a million rows through {@link ReactiveDataRepository#findAll(DataQuery)} and
 * {@link ReactiveDataRepository#findAll(DataQuery, java.util.function.BiFunction)} and checks the heap retained
 * meanwhile stays bounded, and that cancelling hands the connection back.
 */
class StreamingExportIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/repository-test");

	private static final int ROWS = 1_000_000;

	private static final long MAX_GROWTH_BYTES = 64L * 1024 * 1024;

	private static final UUID tenant = UUID.randomUUID();

	private static RepositoryTestContext context;

	@BeforeAll
	static void start() {
		// Generated server-side as the owner (no RLS), without the indexes and the generated tsvector the test does
		// not read, so loading costs seconds rather than minutes.
		Mono.usingWhen(Mono.from(dataLayer.database().ownerConnectionFactory().create()),
				connection -> execute(connection, "DROP INDEX items_search_idx, items_tags_idx, items_tenant_created_idx")
					.then(execute(connection, "ALTER TABLE items DROP COLUMN search"))
					.then(execute(connection, "INSERT INTO items (tenant_id, title, body, tags, metadata) SELECT '" + tenant
							+ "'::uuid, 'Row ' || g, repeat('x', 100), ARRAY['export', 'bulk'], '{\"n\": 1}'::jsonb "
							+ "FROM generate_series(1, " + ROWS + ") g")),
				Connection::close)
			.block(Duration.ofMinutes(5));
		// One connection: a stream that did not release it on cancel would starve the next query.
		context = RepositoryTestContext.startUnrecorded(dataLayer.database(), 1);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void exportingAMillionRowsKeepsHeapGrowthBounded() {
		assertThat(peakHeapGrowthStreaming(context.items().findAll(DataQuery.all())))
			.as("retained heap growth while streaming, bytes")
			.isLessThan(MAX_GROWTH_BYTES);
	}

	@Test
	void cancellingTheStreamReleasesTheConnection() {
		context.items()
			.findAll(DataQuery.all())
			.take(10)
			.count()
			.then(context.items().count())
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectNext((long) ROWS)
			.expectComplete()
			.verify(Duration.ofSeconds(60));
	}

	@Test
	void exportingAMillionRowsAsLinesKeepsHeapGrowthBounded() {
		Flux<String> lines = context.items()
			.findAll(DataQuery.all(), (row, metadata) -> row.get("title", String.class) + "," + row.get("body", String.class));
		assertThat(peakHeapGrowthStreaming(lines)).as("retained heap growth while streaming lines, bytes")
			.isLessThan(MAX_GROWTH_BYTES);
	}

	/**
	 * Streams all {@link #ROWS} rows of the tenant through {@code stream} and returns the largest growth of the
	 * retained heap over its size before, sampled every 200,000 rows.
	 */
	private static long peakHeapGrowthStreaming(Flux<?> stream) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long baseline = retainedHeap(memory);
		AtomicLong peak = new AtomicLong();
		AtomicLong seen = new AtomicLong();
		stream
			.doOnNext(row -> {
				if (seen.incrementAndGet() % 200_000 == 0) {
					peak.accumulateAndGet(retainedHeap(memory) - baseline, Math::max);
				}
			})
			.count()
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectNext((long) ROWS)
			.verifyComplete();
		return peak.get();
	}

	@Test
	void rowsFollowTheQueryAndTheTenant() {
		DataQuery query = DataQuery.where(Criteria.where("title").is("Row 42"));
		context.items()
			.findAll(query, (row, metadata) -> row.get("title", String.class) + " " + String.join("|", row.get("tags", String[].class)))
			.collectList()
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectNext(List.of("Row 42 export|bulk"))
			.verifyComplete();
		context.items()
			.findAll(query, (row, metadata) -> row.get("title", String.class))
			.count()
			.contextWrite(TenantContext.withTenant(UUID.randomUUID()))
			.as(StepVerifier::create)
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void cancellingTheRowStreamReleasesTheConnection() {
		context.items()
			.findAll(DataQuery.all(), (row, metadata) -> row.get("title", String.class))
			.take(10)
			.count()
			.then(context.items().count())
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectNext((long) ROWS)
			.expectComplete()
			.verify(Duration.ofSeconds(60));
	}

	private static long retainedHeap(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static Mono<Void> execute(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).flatMap(result -> result.getRowsUpdated()).then();
	}

}
