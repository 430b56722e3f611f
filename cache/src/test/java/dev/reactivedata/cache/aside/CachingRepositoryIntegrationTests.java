package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

class CachingRepositoryIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/cache-test");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static SharedRedisConnection connection;

	private static ItemRepository items;

	private static TransactionalOperator transactions;

	@BeforeAll
	static void setUp() {
		connection = CacheTesting.connect(dataLayer.redis().uri());
		ConnectionFactory connectionFactory = dataLayer.database().ownerConnectionFactory();
		items = new R2dbcRepositoryFactory(new R2dbcEntityTemplate(connectionFactory)).getRepository(ItemRepository.class);
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
	}

	@AfterAll
	static void tearDown() {
		connection.close();
	}

	private static CachingRepository<Row, UUID> caching(String name) {
		return caching(name, null);
	}

	private static CachingRepository<Row, UUID> caching(String name, @Nullable Mono<Void> pauseAfterRead) {
		ReactiveCache cache = ReactiveCache.create(connection,
				CacheOptions.builder().keyPrefix(dataLayer.redis().keyPrefix()).name(name).build());
		CachingRepository.Builder<Row, UUID> builder = CachingRepository.builder(items, cache, Row.class)
			.id(Row::id)
			.version(Row::version);
		if (pauseAfterRead != null) {
			builder.finder(id -> items.findById(id).delayUntil(row -> pauseAfterRead));
		}
		return builder.build();
	}

	private static Row insert(CachingRepository<Row, UUID> repository, String name) {
		return repository.save(new Row(UUID.randomUUID(), name, null)).block(TIMEOUT);
	}

	@Test
	void findByIdIsCachedPerId() {
		CachingRepository<Row, UUID> repository = caching("find");
		Row row = insert(repository, "first");
		repository.lookupById(row.id()).map(CacheLookup::source).as(StepVerifier::create).expectNext(CacheSource.MISS).verifyComplete();
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(row, CacheSource.HIT))
			.verifyComplete();
		repository.findById(UUID.randomUUID()).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void writeInATransactionInvalidatesAfterCommitAndBeforeTheTransactionCompletes() {
		CachingRepository<Row, UUID> repository = caching("commit");
		Row row = insert(repository, "before");
		repository.findById(row.id()).as(StepVerifier::create).expectNext(row).verifyComplete();
		Row renamed = new Row(row.id(), "after", row.version());
		repository.save(renamed)
			.flatMap(saved -> repository.lookupById(row.id()).doOnNext(inside -> {
				// Not committed yet: the cache still holds, and serves, the committed row.
				assertThat(inside.source()).isEqualTo(CacheSource.HIT);
				assertThat(inside.value()).isEqualTo(row);
			}).thenReturn(saved))
			.as(transactions::transactional)
			.as(StepVerifier::create)
			.expectNextMatches(saved -> saved.version() == 1)
			.verifyComplete();
		assertThat(rawEntry("commit", row.id())).startsWith("T1|");
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Row(row.id(), "after", 1), CacheSource.MISS))
			.verifyComplete();
	}

	@Test
	void rolledBackWriteDoesNotInvalidate() {
		CachingRepository<Row, UUID> repository = caching("rollback");
		Row row = insert(repository, "kept");
		repository.findById(row.id()).as(StepVerifier::create).expectNext(row).verifyComplete();
		repository.save(new Row(row.id(), "discarded", row.version()))
			.then(Mono.error(new IllegalStateException("roll back")))
			.as(transactions::transactional)
			.as(StepVerifier::create)
			.expectErrorMessage("roll back")
			.verify(TIMEOUT);
		assertThat(rawEntry("rollback", row.id())).startsWith("V0|");
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(row, CacheSource.HIT))
			.verifyComplete();
	}

	@Test
	void writeWithoutATransactionInvalidatesBeforeItCompletes() {
		CachingRepository<Row, UUID> repository = caching("autocommit");
		Row row = insert(repository, "one");
		repository.findById(row.id()).as(StepVerifier::create).expectNext(row).verifyComplete();
		repository.save(new Row(row.id(), "two", row.version())).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		assertThat(rawEntry("autocommit", row.id())).startsWith("T1|");
	}

	@Test
	void deleteTombstonesTheRow() {
		CachingRepository<Row, UUID> repository = caching("delete");
		Row row = insert(repository, "doomed");
		repository.findById(row.id()).then(repository.deleteById(row.id())).as(StepVerifier::create).verifyComplete();
		assertThat(rawEntry("delete", row.id())).startsWith("T" + ReactiveCache.DELETED + "|");
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
	}

	/**
	 * The deterministic fencing test on the real database: a reader pauses between its SELECT and its SET
	 * while a writer commits version 1 in a transaction; the reader's SET is refused and every read after the
	 * commit sees version 1.
	 */
	@Test
	void readerPausedBetweenReadAndStoreCannotOverwriteACommittedWrite() {
		Sinks.Empty<Void> resume = Sinks.empty();
		Sinks.Empty<Void> selected = Sinks.empty();
		CachingRepository<Row, UUID> paused = caching("paused",
				Mono.fromRunnable(selected::tryEmitEmpty).then(resume.asMono()));
		CachingRepository<Row, UUID> plain = caching("paused");
		Row row = insert(plain, "v0");
		StepVerifier.create(paused.findById(row.id()))
			.then(() -> selected.asMono().block(TIMEOUT))
			.then(() -> {
				plain.save(new Row(row.id(), "v1", row.version())).as(transactions::transactional).block(TIMEOUT);
				assertThat(plain.findById(row.id()).block(TIMEOUT).version()).isEqualTo(1);
				resume.tryEmitEmpty();
			})
			.assertNext(read -> assertThat(read.version()).isIn(0, 1))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(rawEntry("paused", row.id())).startsWith("V1|");
		plain.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Row(row.id(), "v1", 1), CacheSource.HIT))
			.verifyComplete();
	}

	private static String rawEntry(String cache, UUID id) {
		String key = dataLayer.redis().keyPrefix() + cache + ":g0:-:v:" + id;
		byte[] raw = connection.keyCommands().flatMap(commands -> commands.get(key)).block(TIMEOUT);
		return (raw != null) ? new String(raw, StandardCharsets.UTF_8) : "(none)";
	}

	@Table("items")
	record Row(@Id UUID id, String name, @Version @Nullable Integer version) {
	}

	interface ItemRepository extends ReactiveCrudRepository<Row, UUID> {
	}

}
