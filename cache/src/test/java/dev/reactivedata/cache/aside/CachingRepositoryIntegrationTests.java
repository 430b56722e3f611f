package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import dev.reactivedata.core.mapping.SoftDeletable;
import dev.reactivedata.core.repository.ReactiveDataRepository;
import dev.reactivedata.core.repository.ReactiveDataRepositoryFactoryBean;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

class CachingRepositoryIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/cache-test");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static SharedRedisConnection connection;

	private static ItemRepository items;

	private static NoteRepository notes;

	private static TransactionalOperator transactions;

	@BeforeAll
	static void setUp() {
		connection = CacheTesting.connect(dataLayer.redis().uri());
		ConnectionFactory connectionFactory = dataLayer.database().ownerConnectionFactory();
		R2dbcEntityTemplate template = new R2dbcEntityTemplate(connectionFactory);
		items = repository(ItemRepository.class, template);
		notes = repository(NoteRepository.class, template);
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
	}

	@AfterAll
	static void tearDown() {
		connection.close();
	}

	private static <R extends ReactiveDataRepository<E, UUID>, E> R repository(Class<R> type, R2dbcEntityTemplate template) {
		ReactiveDataRepositoryFactoryBean<R, E, UUID> factory = new ReactiveDataRepositoryFactoryBean<>(type);
		factory.setEntityOperations(template);
		factory.afterPropertiesSet();
		return factory.getObject();
	}

	private static ReactiveCache cache(String name) {
		return ReactiveCache.create(connection,
				CacheOptions.builder().keyPrefix(dataLayer.redis().keyPrefix()).name(name).build());
	}

	private static CachingRepository<Note, UUID> cachingNotes(String name) {
		return CachingRepository.builder(notes, cache(name), Note.class).id(Note::id).version(Note::version).build();
	}

	private static CachingRepository<Row, UUID> caching(String name) {
		return caching(name, null);
	}

	private static CachingRepository<Row, UUID> caching(String name, @Nullable Mono<Void> pauseAfterRead) {
		CachingRepository.Builder<Row, UUID> builder = CachingRepository.builder(items, cache(name), Row.class)
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
	void viewLookupDecodesHitsAsTheViewAndMapsLoadedEntities() {
		JsonViewCodec codec = new JsonViewCodec();
		CachingRepository<Row, UUID> repository = CachingRepository
			.builder(items, ReactiveCache.create(connection, CacheOptions.builder()
				.keyPrefix(dataLayer.redis().keyPrefix())
				.name("view")
				.codec(codec)
				.build()), Row.class)
			.id(Row::id)
			.version(Row::version)
			.build();
		Row row = insert(repository, "first");
		AtomicInteger mapped = new AtomicInteger();
		Function<Row, Json> mapper = entity -> {
			mapped.incrementAndGet();
			return codec.view(entity);
		};
		repository.lookupById(row.id(), Json.class, mapper).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(codec.view(row), CacheSource.MISS))
			.verifyComplete();
		repository.lookupById(row.id(), Json.class, mapper).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(codec.view(row), CacheSource.HIT))
			.verifyComplete();
		assertThat(mapped).hasValue(1);
		assertThat(codec.viewsDecoded).hasValue(1);
		// The entity and its view share the entry.
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(row, CacheSource.HIT))
			.verifyComplete();
		Row renamed = repository.save(new Row(row.id(), "second", row.version())).block(TIMEOUT);
		repository.lookupById(row.id(), Json.class, mapper).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(codec.view(renamed), CacheSource.MISS))
			.verifyComplete();
		repository.lookupById(UUID.randomUUID(), Json.class, mapper).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
		assertThat(mapped).hasValue(2);
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

	@Test
	void deleteIfPresentTombstonesTheRowAfterCommit() {
		CachingRepository<Note, UUID> repository = cachingNotes("if-present");
		Note note = repository.save(new Note(UUID.randomUUID(), "soft", null, null)).block(TIMEOUT);
		repository.findById(note.id()).as(StepVerifier::create).expectNext(note).verifyComplete();
		repository.deleteIfPresent(note.id()).as(transactions::transactional).as(StepVerifier::create)
			.expectNext(true)
			.verifyComplete();
		assertThat(rawEntry("if-present", note.id())).startsWith("T" + ReactiveCache.DELETED + "|");
		repository.findById(note.id()).as(StepVerifier::create).verifyComplete();
		repository.deleteIfPresent(note.id()).as(StepVerifier::create).expectNext(false).verifyComplete();
	}

	/**
	 * The soft delete moved the row to version 1 and tombstoned it as deleted; the restore commits version 2. The
	 * deleted tombstone outranks every version until it expires, so the restored row is read from the database
	 * (never the cached "not found") without being stored.
	 */
	@Test
	void restoredRowIsReadAfterTheRestore() {
		CachingRepository<Note, UUID> repository = cachingNotes("restore");
		Note note = repository.save(new Note(UUID.randomUUID(), "back", null, null)).block(TIMEOUT);
		repository.deleteIfPresent(note.id()).block(TIMEOUT);
		repository.lookupById(note.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
		repository.restore(note.id()).as(transactions::transactional).as(StepVerifier::create)
			.expectNextMatches(restored -> restored.version() == 2)
			.verifyComplete();
		assertThat(rawEntry("restore", note.id())).startsWith("T" + ReactiveCache.DELETED + "|");
		repository.lookupById(note.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Note(note.id(), "back", 2, null), CacheSource.MISS))
			.verifyComplete();
	}

	/** A "not found" cached before a bulk insert must not be served after it. */
	@Test
	void insertAllReplacesCachedNotFound() {
		CachingRepository<Row, UUID> repository = caching("insert-all");
		Row first = new Row(UUID.randomUUID(), "a", 0);
		Row second = new Row(UUID.randomUUID(), "b", 0);
		repository.lookupById(first.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.MISS))
			.verifyComplete();
		repository.lookupById(first.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(null, CacheSource.HIT))
			.verifyComplete();
		repository.insertAll(Flux.just(first, second)).as(transactions::transactional).as(StepVerifier::create)
			.expectNext(2L)
			.verifyComplete();
		assertThat(rawEntry("insert-all", first.id())).startsWith("T0|");
		assertThat(rawEntry("insert-all", second.id())).startsWith("T0|");
		repository.findById(first.id()).as(StepVerifier::create).expectNext(first).verifyComplete();
	}

	@Test
	void updateAllTombstonesTheNewVersionsAfterCommit() {
		CachingRepository<Row, UUID> repository = caching("update-all");
		Row first = insert(repository, "a");
		Row second = insert(repository, "b");
		Flux.just(first.id(), second.id()).concatMap(repository::findById).as(StepVerifier::create)
			.expectNext(first, second)
			.verifyComplete();
		repository.updateAll(Flux.just(new Row(first.id(), "a1", 0), new Row(second.id(), "b1", 0)))
			.as(transactions::transactional)
			.as(StepVerifier::create)
			.expectNext(2L)
			.verifyComplete();
		assertThat(rawEntry("update-all", first.id())).startsWith("T1|");
		assertThat(rawEntry("update-all", second.id())).startsWith("T1|");
		Flux.just(first.id(), second.id()).concatMap(repository::lookupById).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Row(first.id(), "a1", 1), CacheSource.MISS))
			.expectNext(new CacheLookup<>(new Row(second.id(), "b1", 1), CacheSource.MISS))
			.verifyComplete();
	}

	@Test
	void rolledBackBulkWriteDoesNotInvalidate() {
		CachingRepository<Row, UUID> repository = caching("bulk-rollback");
		Row row = insert(repository, "kept");
		repository.findById(row.id()).as(StepVerifier::create).expectNext(row).verifyComplete();
		repository.updateAll(Flux.just(new Row(row.id(), "discarded", 0)))
			.then(repository.deleteAllById(List.of(row.id())))
			.then(Mono.error(new IllegalStateException("roll back")))
			.as(transactions::transactional)
			.as(StepVerifier::create)
			.expectErrorMessage("roll back")
			.verify(TIMEOUT);
		assertThat(rawEntry("bulk-rollback", row.id())).startsWith("V0|");
		repository.lookupById(row.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(row, CacheSource.HIT))
			.verifyComplete();
	}

	@Test
	void deleteAllByIdTombstonesEveryRow() {
		CachingRepository<Row, UUID> repository = caching("delete-all");
		Row first = insert(repository, "a");
		Row second = insert(repository, "b");
		Flux.just(first.id(), second.id()).concatMap(repository::findById).then(repository.deleteAllById(List.of(first.id(), second.id())))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(rawEntry("delete-all", first.id())).startsWith("T" + ReactiveCache.DELETED + "|");
		assertThat(rawEntry("delete-all", second.id())).startsWith("T" + ReactiveCache.DELETED + "|");
		Flux.just(first.id(), second.id()).concatMap(repository::findById).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void bulkWriteOverTheLimitClearsTheNamespace() {
		CachingRepository<Row, UUID> repository = CachingRepository.builder(items, cache("over-limit"), Row.class)
			.id(Row::id)
			.version(Row::version)
			.bulkLimit(1)
			.build();
		Row first = insert(repository, "a");
		Row second = insert(repository, "b");
		repository.findById(first.id()).as(StepVerifier::create).expectNext(first).verifyComplete();
		repository.updateAll(Flux.just(new Row(first.id(), "a1", 0), new Row(second.id(), "b1", 0)))
			.as(StepVerifier::create)
			.expectNext(2L)
			.verifyComplete();
		String generation = new String(connection.keyCommands()
			.flatMap(commands -> commands.get(dataLayer.redis().keyPrefix() + "over-limit:gen"))
			.block(TIMEOUT), StandardCharsets.US_ASCII);
		assertThat(generation).isEqualTo("1");
		repository.lookupById(first.id()).as(StepVerifier::create)
			.expectNext(new CacheLookup<>(new Row(first.id(), "a1", 1), CacheSource.MISS))
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

	/** The encoded form of a value, as a view that a hit decodes without building the value. */
	record Json(String text) {
	}

	/** Jackson for values; a {@link Json} view of an entry is its bytes as they are. */
	static final class JsonViewCodec implements CacheCodec {

		private final JacksonCacheCodec values = new JacksonCacheCodec();

		final AtomicInteger viewsDecoded = new AtomicInteger();

		Json view(Object value) {
			return new Json(new String(encode(value), StandardCharsets.UTF_8));
		}

		@Override
		public byte[] encode(Object value) {
			return this.values.encode(value);
		}

		@Override
		public <T> T decode(byte[] bytes, Class<T> type) {
			if (type == Json.class) {
				this.viewsDecoded.incrementAndGet();
				return type.cast(new Json(new String(bytes, StandardCharsets.UTF_8)));
			}
			return this.values.decode(bytes, type);
		}

	}

	@Table("items")
	record Row(@Id UUID id, String name, @Version @Nullable Integer version) {
	}

	interface ItemRepository extends ReactiveDataRepository<Row, UUID> {
	}

	@Table("notes")
	@SoftDeletable
	record Note(@Id UUID id, String body, @Version @Nullable Integer version, @Nullable Instant deletedAt) {
	}

	interface NoteRepository extends ReactiveDataRepository<Note, UUID> {
	}

}
