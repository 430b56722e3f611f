package dev.reactivedata.core.bulk;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.repository.Item;
import dev.reactivedata.core.repository.ItemRepository;
import dev.reactivedata.core.repository.RepositoryTestContext;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class LineImporterIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/repository-test");

	private static RepositoryTestContext context;

	private static ItemRepository items;

	/** CSV lines {@code title,body}; a title must not be empty. */
	private static final LineParser<Item> CSV = line -> {
		String[] fields = line.split(",", -1);
		if (fields.length != 2) {
			throw new IllegalArgumentException("expected 2 fields, found " + fields.length);
		}
		if (fields[0].isBlank()) {
			throw new IllegalArgumentException("title: must not be blank");
		}
		Item item = new Item(fields[0]);
		item.setBody(fields[1]);
		return item;
	};

	private final LineImporter<Item> importer = new LineImporter<>(CSV, items -> LineImporterIntegrationTests.items.insertAll(items));

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		items = context.items();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void atomicImportWithOneBadLineInsertsNothing() {
		UUID tenant = UUID.randomUUID();
		this.importer.importAtomically(lines(5000, 2500), context.transactions())
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.inserted()).isZero();
				assertThat(report.rejectedCount()).isOne();
				assertThat(report.rejected()).singleElement().satisfies(rejected -> {
					assertThat(rejected.line()).isEqualTo(2501);
					assertThat(rejected.message()).contains("title");
				});
			})
			.verifyComplete();
		items.count().contextWrite(TenantContext.withTenant(tenant)).as(StepVerifier::create).expectNext(0L).verifyComplete();
	}

	@Test
	void importWithoutAtomicInsertsTheRestAndReportsTheLine() {
		UUID tenant = UUID.randomUUID();
		this.importer.importLines(lines(5000, 2500))
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.inserted()).isEqualTo(4999);
				assertThat(report.rejected()).extracting(ImportReport.RejectedLine::line).containsExactly(2501L);
			})
			.verifyComplete();
		items.count().contextWrite(TenantContext.withTenant(tenant)).as(StepVerifier::create).expectNext(4999L).verifyComplete();
	}

	@Test
	void atomicImportOfValidLinesCommits() {
		UUID tenant = UUID.randomUUID();
		this.importer.importAtomically(lines(3000, -1).concatWith(Flux.just("", "   ")), context.transactions())
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.assertNext(report -> assertThat(report).isEqualTo(new ImportReport(3000, 0, List.of())))
			.verifyComplete();
		items.count().contextWrite(TenantContext.withTenant(tenant)).as(StepVerifier::create).expectNext(3000L).verifyComplete();
	}

	@Test
	void malformedLinesAreReportedWithTheirNumbers() {
		this.importer.importLines(Flux.just("a,b", "no comma", "", ",empty title", "c,d"))
			.contextWrite(TenantContext.withTenant(UUID.randomUUID()))
			.as(StepVerifier::create)
			.assertNext(report -> {
				assertThat(report.inserted()).isEqualTo(2);
				assertThat(report.rejected()).extracting(ImportReport.RejectedLine::line).containsExactly(2L, 4L);
			})
			.verifyComplete();
	}

	@Test
	void importCutShortReportsWhatWasCommittedAndWhereToResume() {
		UUID tenant = UUID.randomUUID();
		AtomicInteger chunks = new AtomicInteger();
		LineImporter<Item> failingOnTheThirdChunk = new LineImporter<>(CSV,
				chunk -> (chunks.incrementAndGet() == 3)
						? Mono.error(new DataAccessResourceFailureException("terminating connection due to administrator command"))
						: items.insertAll(chunk));
		failingOnTheThirdChunk.importLines(lines(10_000, 10))
			.contextWrite(TenantContext.withTenant(tenant))
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> {
				assertThat(error).isInstanceOf(ImportInterruptedException.class)
					.hasCauseInstanceOf(DataAccessResourceFailureException.class);
				ImportInterruptedException interrupted = (ImportInterruptedException) error;
				int chunk = BulkOperations.DEFAULT_CHUNK_SIZE;
				assertThat(interrupted.getCommitted().inserted()).isEqualTo(2L * chunk);
				assertThat(interrupted.getCommitted().rejected()).extracting(ImportReport.RejectedLine::line)
					.containsExactly(11L);
				// Two chunks of valid lines, and the rejected line 11 among them.
				assertThat(interrupted.getFirstUnprocessedLine()).isEqualTo(2L * chunk + 2);
			})
			.verify();
		items.count().contextWrite(TenantContext.withTenant(tenant)).as(StepVerifier::create)
			.expectNext(2L * BulkOperations.DEFAULT_CHUNK_SIZE)
			.verifyComplete();
	}

	private static Flux<String> lines(int count, int badIndex) {
		return Flux.range(0, count).map(i -> (i == badIndex) ? ",no title" : "Imported " + i + ",body " + i);
	}

}
