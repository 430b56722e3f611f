package dev.reactivedata.core.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.mapping.SoftDeletable;
import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.r2dbc.repository.support.SimpleR2dbcRepository;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.repository.query.RelationalEntityInformation;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.core.support.DefaultRepositoryMetadata;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.data.repository.reactive.ReactiveSortingRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the same scenarios against Spring Data's {@link SimpleR2dbcRepository} and against
 * {@link DefaultReactiveDataRepository}, on entities with primitive, boxed, UUID and String ids, with and without
 * {@code @Version}, {@code @SoftDeletable} and {@code @Audited}, and asserts identical outcomes: what the
 * repository's own reads see afterwards, the values emitted, the errors' types. Every run has a tenant of its own,
 * so each starts from empty tables.
 */
class SpringDataContractIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/reactivedata",
			"classpath:db/repository-test", "classpath:db/repository-audit-test", "classpath:db/repository-contract-test");

	private static RepositoryTestContext context;

	private static final Map<Kind, Fixture<?, ?>> fixtures = new EnumMap<>(Kind.class);

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
		fixtures.put(Kind.INT, new Fixture<IntRow, Integer>(IntRows.class, IntRow::new, r -> r.id, r -> r.name, (r, n) -> r.name = n, 987654, "name"));
		fixtures.put(Kind.LONG_VERSIONED, new Fixture<LongRow, Long>(LongRows.class, LongRow::new, r -> r.id, r -> r.name,
				(r, n) -> r.name = n, 987654L, "name"));
		fixtures.put(Kind.BOXED_SOFT_DELETABLE, new Fixture<BoxedRow, Long>(BoxedRows.class, BoxedRow::new, r -> r.id, r -> r.name,
				(r, n) -> r.name = n, 987654L, "name"));
		fixtures.put(Kind.BOXED_VERSIONED, new Fixture<BoxedVersionedRow, Long>(BoxedVersionedRows.class, BoxedVersionedRow::new,
				r -> r.id, r -> r.name, (r, n) -> r.name = n, 987654L, "name"));
		fixtures.put(Kind.UUID, new Fixture<UuidRow, UUID>(UuidRows.class, UuidRow::new, r -> r.id, r -> r.name, (r, n) -> r.name = n,
				UUID.randomUUID(), "name"));
		fixtures.put(Kind.STRING_VERSIONED, new Fixture<StringRow, String>(StringRows.class, StringRow::new, r -> r.code, r -> r.name,
				(r, n) -> r.name = n, "no-such-code", "name"));
		fixtures.put(Kind.UUID_VERSIONED_SOFT_DELETABLE, new Fixture<Item, UUID>(Items.class, Item::new, Item::getId, Item::getTitle,
				Item::setTitle, UUID.randomUUID(), "title"));
		fixtures.put(Kind.UUID_VERSIONED_AUDITED, new Fixture<PurgeableItem, UUID>(PurgeableItems.class, PurgeableItem::new, PurgeableItem::getId,
				PurgeableItem::getTitle, PurgeableItem::setTitle, UUID.randomUUID(), "title"));
		fixtures.put(Kind.UUID_VERSIONED_AUDITED_SOFT_DELETABLE, new Fixture<AuditedItem, UUID>(AuditedItems.class, AuditedItem::new,
				AuditedItem::getId, i -> Objects.requireNonNull(i.getTitle()), AuditedItem::setTitle, UUID.randomUUID(), "title"));
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	static Stream<Arguments> scenarios() {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		scenarios.put("save, findById, existsById", SpringDataContractIntegrationTests::saveAndFind);
		scenarios.put("saveAll(Iterable), findAll", SpringDataContractIntegrationTests::saveAllIterable);
		scenarios.put("saveAll(Publisher), count", SpringDataContractIntegrationTests::saveAllPublisher);
		scenarios.put("save an update", SpringDataContractIntegrationTests::update);
		scenarios.put("save a stale copy", SpringDataContractIntegrationTests::staleUpdate);
		scenarios.put("findAll(Sort)", SpringDataContractIntegrationTests::findAllSorted);
		scenarios.put("findAllById(Iterable)", SpringDataContractIntegrationTests::findAllByIdIterable);
		scenarios.put("findAllById(Publisher)", SpringDataContractIntegrationTests::findAllByIdPublisher);
		scenarios.put("findAllById of nothing", SpringDataContractIntegrationTests::findAllByIdNothing);
		scenarios.put("findAllById with a null id", SpringDataContractIntegrationTests::findAllByIdNullElement);
		scenarios.put("findById and existsById of an empty publisher", SpringDataContractIntegrationTests::emptyPublishers);
		scenarios.put("deleteById", SpringDataContractIntegrationTests::deleteById);
		scenarios.put("deleteById(Publisher) of several", SpringDataContractIntegrationTests::deleteByIdPublisher);
		scenarios.put("delete(entity)", SpringDataContractIntegrationTests::deleteEntity);
		scenarios.put("delete(entity) never saved", SpringDataContractIntegrationTests::deleteUnsaved);
		scenarios.put("delete(entity) of a stale copy", SpringDataContractIntegrationTests::deleteStale);
		scenarios.put("save of the current copy after delete(entity) of a stale one", SpringDataContractIntegrationTests::saveAfterStaleDelete);
		scenarios.put("deleteAll(Iterable) of stale copies", SpringDataContractIntegrationTests::deleteAllStaleIterable);
		scenarios.put("deleteAll(Publisher) of stale copies", SpringDataContractIntegrationTests::deleteAllStalePublisher);
		scenarios.put("delete(entity) twice", SpringDataContractIntegrationTests::deleteTwice);
		scenarios.put("deleteAllById(Iterable)", SpringDataContractIntegrationTests::deleteAllById);
		scenarios.put("deleteAllById of nothing", SpringDataContractIntegrationTests::deleteAllByIdNothing);
		scenarios.put("deleteAll(Iterable)", SpringDataContractIntegrationTests::deleteAllIterable);
		scenarios.put("deleteAll(Publisher)", SpringDataContractIntegrationTests::deleteAllPublisher);
		scenarios.put("deleteAll()", SpringDataContractIntegrationTests::deleteEverything);
		return Arrays.stream(Kind.values())
			.flatMap(kind -> scenarios.entrySet().stream().map(s -> Arguments.of(kind, s.getKey(), s.getValue())));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("scenarios")
	void sameOutcomeAsSpringData(Kind kind, String name, Scenario scenario) {
		Fixture<?, ?> fixture = fixtures.get(kind);
		Outcome spring = fixture.run(scenario, true);
		Outcome ours = fixture.run(scenario, false);
		assertThat(spring.error()).as("Spring Data's outcome, %s", spring).isNotEqualTo(AssertionError.class);
		assertThat(ours.values()).as("values").isEqualTo(spring.values());
		if (spring.error() == null) {
			assertThat(ours.error()).as("error").isNull();
		}
		else {
			assertThat(ours.error()).as("error of %s", ours).isNotNull();
			assertThat(spring.error()).as("error type").isAssignableFrom(ours.error());
			assertThat(ours.eager()).as("thrown on assembly").isEqualTo(spring.eager());
		}
	}

	/**
	 * Null arguments, through the repository proxies (which may check nullness of their own) and on the base
	 * classes themselves.
	 */
	@ParameterizedTest
	@EnumSource(Kind.class)
	void nullArgumentsFailLikeSpringData(Kind kind) {
		Fixture<?, ?> fixture = fixtures.get(kind);
		for (boolean proxied : List.of(true, false)) {
			Map<String, Outcome> spring = fixture.nullCalls(true, proxied);
			Map<String, Outcome> ours = fixture.nullCalls(false, proxied);
			assertThat(ours).as("proxied: %s", proxied).isEqualTo(spring);
			assertThat(ours.get("findById(null)").error()).isEqualTo(IllegalArgumentException.class);
			assertThat(ours.get("delete(null)").eager()).isTrue();
		}
	}

	/**
	 * Where the two differ on purpose: Spring Data sends an unknown sort property to the database (a grammar error
	 * from PostgreSQL); ours refuses it before, with a field error.
	 */
	@ParameterizedTest
	@EnumSource(Kind.class)
	void unknownSortPropertyIsAnInvalidQuery(Kind kind) {
		Fixture<?, ?> fixture = fixtures.get(kind);
		DefaultReactiveDataRepository<?, ?> ours = fixture.ourTarget;
		Sort unknown = Sort.by("noSuchProperty");
		List<Publisher<?>> reads = List.of(fixture.ours.findAll(unknown), ours.findAll(DataQuery.all().sort(unknown)),
				ours.findPage(DataQuery.all(), PageRequest.of(0, 10, unknown)), ours.scroll(DataQuery.all().sort(unknown), null, 10));
		for (Publisher<?> read : reads) {
			Outcome outcome = Outcome.of(Fixture.requestContext(), () -> read);
			assertThat(outcome.error()).as("%s", outcome).isEqualTo(InvalidQueryException.class);
			assertThat(outcome.message()).isEqualTo("sort: unknown property 'noSuchProperty'");
		}
	}

	// ---- scenarios ----

	private static <E, ID> Publisher<?> saveAndFind(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.save(f.create("a"))
			.flatMapMany(saved -> Flux.<Object>concat(repo.findById(f.id(saved)).map(f.name), repo.existsById(f.id(saved)),
					repo.existsById(f.unknownId), repo.findById(f.unknownId)));
	}

	private static <E, ID> Publisher<?> saveAllIterable(Fixture<E, ID> f, Repo<E, ID> repo) {
		return Flux.<Object>concat(repo.saveAll(List.of(f.create("a"), f.create("b"), f.create("c"))).map(f.name), f.names(repo.findAll()));
	}

	private static <E, ID> Publisher<?> saveAllPublisher(Fixture<E, ID> f, Repo<E, ID> repo) {
		return Flux.<Object>concat(repo.saveAll(Flux.just(f.create("a"), f.create("b"))).map(f.name), repo.count());
	}

	private static <E, ID> Publisher<?> update(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.save(f.create("a")).flatMap(saved -> {
			f.rename.accept(saved, "renamed");
			return repo.save(saved);
		}).flatMapMany(saved -> Flux.<Object>concat(repo.findById(f.id(saved)).map(f.name), repo.count()));
	}

	private static <E, ID> Publisher<?> staleUpdate(Fixture<E, ID> f, Repo<E, ID> repo) {
		Mono<String> saves = repo.save(f.create("a"))
			.flatMap(saved -> Mono.zip(repo.findById(f.id(saved)), repo.findById(f.id(saved))))
			.flatMap(copies -> {
				f.rename.accept(copies.getT1(), "first");
				f.rename.accept(copies.getT2(), "second");
				return repo.save(copies.getT1()).then(repo.save(copies.getT2())).map(f.name);
			});
		return Flux.<Object>concat(saves, f.names(repo.findAll()));
	}

	private static <E, ID> Publisher<?> findAllSorted(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.saveAll(List.of(f.create("b"), f.create("c"), f.create("a")))
			.thenMany(Flux.<Object>concat(repo.findAll(Sort.by(Sort.Direction.DESC, f.nameProperty)).map(f.name),
					repo.findAll(Sort.by(f.nameProperty)).map(f.name)));
	}

	private static <E, ID> Publisher<?> findAllByIdIterable(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> f.names(repo.findAllById(List.of(ids.get(0), ids.get(2), f.unknownId))));
	}

	private static <E, ID> Publisher<?> findAllByIdPublisher(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> f.names(repo.findAllById(Flux.just(ids.get(1), ids.get(2)))));
	}

	private static <E, ID> Publisher<?> findAllByIdNothing(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> Flux.<Object>concat(repo.findAllById(List.of()), repo.findAllById(Flux.empty()),
				repo.findAllById(List.of(f.unknownId))));
	}

	private static <E, ID> Publisher<?> findAllByIdNullElement(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.findAllById(Arrays.asList(ids.get(0), null)));
	}

	private static <E, ID> Publisher<?> emptyPublishers(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> Flux.<Object>concat(repo.findById(Mono.<ID>empty()).map(f.name),
				repo.existsById(Mono.<ID>empty()), repo.existsById(Mono.just(ids.get(0))), repo.deleteById(Mono.<ID>empty()),
				repo.count()));
	}

	private static <E, ID> Publisher<?> deleteById(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.deleteById(ids.get(0))
			.then(repo.deleteById(f.unknownId))
			.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.existsById(ids.get(0)), repo.findById(ids.get(0)), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteByIdPublisher(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.deleteById(Flux.just(ids.get(0), ids.get(1)))
			.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteEntity(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.saveAll(List.of(f.create("a"), f.create("b")))
			.collectList()
			.flatMapMany(saved -> repo.delete(saved.get(0)).thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	/**
	 * Deletes a copy read before another copy was saved. SimpleR2dbcRepository deletes by id alone, so a versioned
	 * entity in a stale version is deleted too (R2dbcEntityTemplate.delete(entity) would check the version; the
	 * repository does not call it); an optimistic locking failure shows as a value, so the rows left are compared
	 * either way.
	 */
	private static <E, ID> Publisher<?> deleteStale(Fixture<E, ID> f, Repo<E, ID> repo) {
		Mono<Object> delete = repo.save(f.create("a"))
			.flatMap(saved -> Mono.zip(repo.findById(f.id(saved)), repo.findById(f.id(saved))))
			.flatMap(copies -> {
				f.rename.accept(copies.getT1(), "renamed");
				return repo.save(copies.getT1()).then(repo.delete(copies.getT2()));
			})
			.then(Mono.<Object>just("deleted"))
			.onErrorResume(OptimisticLockingFailureException.class, ex -> Mono.just("optimistic locking failure"));
		return Flux.<Object>concat(delete, f.names(repo.findAll()), repo.count());
	}

	/**
	 * The stale copy's delete wins (by id); the current copy's save then finds no row: an optimistic locking
	 * failure for a versioned entity, whose type is compared.
	 */
	private static <E, ID> Publisher<?> saveAfterStaleDelete(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.save(f.create("a"))
			.flatMap(saved -> Mono.zip(repo.findById(f.id(saved)), repo.findById(f.id(saved))))
			.flatMap(copies -> {
				f.rename.accept(copies.getT1(), "renamed");
				return repo.save(copies.getT1()).flatMap(current -> repo.delete(copies.getT2()).then(Mono.defer(() -> {
					f.rename.accept(current, "renamed again");
					return repo.save(current);
				}))).map(f.name);
			});
	}

	private static <E, ID> Publisher<?> deleteAllStaleIterable(Fixture<E, ID> f, Repo<E, ID> repo) {
		return staleCopies(f, repo).flatMapMany(stale -> repo.deleteAll(stale)
			.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteAllStalePublisher(Fixture<E, ID> f, Repo<E, ID> repo) {
		return staleCopies(f, repo).flatMapMany(stale -> repo.deleteAll(Flux.fromIterable(stale))
			.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	/**
	 * Saves three rows, reads the first two, then updates both rows behind the copies' backs: the copies are stale
	 * for a versioned entity.
	 */
	private static <E, ID> Mono<List<E>> staleCopies(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMap(ids -> repo.findAllById(List.of(ids.get(0), ids.get(1)))
			.collectList()
			.flatMap(stale -> repo.findAllById(List.of(ids.get(0), ids.get(1)))
				.doOnNext(current -> f.rename.accept(current, "renamed " + f.name.apply(current)))
				.concatMap(repo::save)
				.then(Mono.just(stale))));
	}

	private static <E, ID> Publisher<?> deleteTwice(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.save(f.create("a")).flatMap(saved -> repo.delete(saved).then(repo.delete(saved)));
	}

	private static <E, ID> Publisher<?> deleteUnsaved(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.delete(f.create("never saved"));
	}

	private static <E, ID> Publisher<?> deleteAllById(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.deleteAllById(List.of(ids.get(0), ids.get(2), f.unknownId))
			.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteAllByIdNothing(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.deleteAllById(List.of()).thenMany(repo.count()));
	}

	private static <E, ID> Publisher<?> deleteAllIterable(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.saveAll(List.of(f.create("a"), f.create("b"), f.create("c")))
			.collectList()
			.flatMapMany(saved -> repo.deleteAll(List.of(saved.get(0), saved.get(2)))
				.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteAllPublisher(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.saveAll(List.of(f.create("a"), f.create("b"), f.create("c")))
			.collectList()
			.flatMapMany(saved -> repo.deleteAll(Flux.just(saved.get(1), saved.get(2)))
				.then(repo.deleteAll(Flux.empty()))
				.thenMany(Flux.<Object>concat(f.names(repo.findAll()), repo.count())));
	}

	private static <E, ID> Publisher<?> deleteEverything(Fixture<E, ID> f, Repo<E, ID> repo) {
		return threeSaved(f, repo).flatMapMany(ids -> repo.deleteAll()
			.thenMany(Flux.<Object>concat(repo.findAll().map(f.name), repo.count(), repo.existsById(ids.get(0)))));
	}

	private static <E, ID> Mono<List<ID>> threeSaved(Fixture<E, ID> f, Repo<E, ID> repo) {
		return repo.saveAll(List.of(f.create("a"), f.create("b"), f.create("c"))).map(f::id).collectList();
	}

	// ---- harness ----

	enum Kind {

		INT, LONG_VERSIONED, BOXED_SOFT_DELETABLE, BOXED_VERSIONED, UUID, STRING_VERSIONED, UUID_VERSIONED_SOFT_DELETABLE, UUID_VERSIONED_AUDITED,
		UUID_VERSIONED_AUDITED_SOFT_DELETABLE

	}

	/** A scenario, run once on each repository. */
	interface Scenario {

		<E, ID> Publisher<?> run(Fixture<E, ID> fixture, Repo<E, ID> repository);

	}

	/**
	 * What a scenario emitted, then the error it ended with, if any.
	 *
	 * @param values the values
	 * @param error the error's class
	 * @param message the error's message
	 * @param eager whether the error was thrown on assembly rather than signalled
	 */
	record Outcome(List<Object> values, @Nullable Class<?> error, @Nullable String message, boolean eager) {

		static Outcome of(Context context, Supplier<@Nullable Publisher<?>> call) {
			Publisher<?> publisher;
			try {
				publisher = call.get();
			}
			catch (RuntimeException ex) {
				return new Outcome(List.of(), ex.getClass(), identityFree(ex.getMessage()), true);
			}
			List<Object> values = new ArrayList<>();
			Throwable error = Flux.from(Objects.requireNonNull(publisher))
				.contextWrite(context)
				.doOnNext(values::add)
				.then(Mono.<Throwable>empty())
				.onErrorResume(Mono::just)
				.block(Duration.ofSeconds(30));
			return (error != null) ? new Outcome(values, error.getClass(), identityFree(error.getMessage()), false)
					: new Outcome(values, null, null, false);
		}

		// Messages that print an entity carry its identity hash code, which differs between two instances.
		private static @Nullable String identityFree(@Nullable String message) {
			return (message != null) ? message.replaceAll("@[0-9a-f]+\\b", "@") : null;
		}

	}

	@NoRepositoryBean
	interface Repo<E, ID> extends ReactiveCrudRepository<E, ID>, ReactiveSortingRepository<E, ID> {

	}

	static final class Fixture<E, ID> {

		final Function<String, E> create;

		final Function<E, @Nullable ID> id;

		final Function<E, String> name;

		final BiConsumer<E, String> rename;

		final ID unknownId;

		final String nameProperty;

		final Repo<E, ID> spring;

		final Repo<E, ID> ours;

		private final SimpleR2dbcRepository<E, ID> springTarget;

		private final DefaultReactiveDataRepository<E, ID> ourTarget;

		@SuppressWarnings("unchecked")
		Fixture(Class<? extends Repo<E, ID>> repository, Function<String, E> create, Function<E, @Nullable ID> id,
				Function<E, String> name, BiConsumer<E, String> rename, ID unknownId, String nameProperty) {
			this.create = create;
			this.id = id;
			this.name = name;
			this.rename = rename;
			this.unknownId = unknownId;
			this.nameProperty = nameProperty;
			R2dbcEntityTemplate template = context.template();
			R2dbcRepositoryFactory springFactory = new R2dbcRepositoryFactory(template);
			ReactiveDataRepositoryFactory ourFactory = new ReactiveDataRepositoryFactory(template, ReactiveEntityCallbacks.create(),
					CursorCodec.random());
			this.spring = springFactory.getRepository(repository);
			this.ours = ourFactory.getRepository(repository);
			RelationalEntityInformation<E, ID> information = (RelationalEntityInformation<E, ID>) springFactory
				.getEntityInformation(new DefaultRepositoryMetadata(repository));
			this.springTarget = new SimpleR2dbcRepository<>(information, template, template.getConverter());
			this.ourTarget = new DefaultReactiveDataRepository<>(information, template, template.getConverter(),
					ReactiveEntityCallbacks.create(), CursorCodec.random());
		}

		E create(String name) {
			return this.create.apply(name);
		}

		ID id(E entity) {
			return Objects.requireNonNull(this.id.apply(entity));
		}

		Mono<List<String>> names(Flux<E> rows) {
			return rows.map(this.name).sort().collectList();
		}

		Outcome run(Scenario scenario, boolean spring) {
			return Outcome.of(requestContext(), () -> scenario.run(this, spring ? this.spring : this.ours));
		}

		@SuppressWarnings({ "unchecked", "NullAway" })
		Map<String, Outcome> nullCalls(boolean spring, boolean proxied) {
			Repo<E, ID> proxy = spring ? this.spring : this.ours;
			ReactiveCrudRepository<E, ID> repo = proxied ? proxy : spring ? this.springTarget : this.ourTarget;
			ReactiveSortingRepository<E, ID> sorting = proxied ? proxy : spring ? this.springTarget : this.ourTarget;
			Map<String, Supplier<@Nullable Publisher<?>>> calls = new LinkedHashMap<>();
			calls.put("save(null)", () -> repo.save((E) null));
			calls.put("saveAll((Iterable) null)", () -> repo.saveAll((Iterable<E>) null));
			calls.put("saveAll((Publisher) null)", () -> repo.saveAll((Publisher<E>) null));
			calls.put("findById(null)", () -> repo.findById((ID) null));
			calls.put("existsById(null)", () -> repo.existsById((ID) null));
			calls.put("findAllById((Iterable) null)", () -> repo.findAllById((Iterable<ID>) null));
			calls.put("findAllById((Publisher) null)", () -> repo.findAllById((Publisher<ID>) null));
			calls.put("deleteById(null)", () -> repo.deleteById((ID) null));
			calls.put("deleteById((Publisher) null)", () -> repo.deleteById((Publisher<ID>) null));
			calls.put("delete(null)", () -> repo.delete((E) null));
			calls.put("deleteAllById(null)", () -> repo.deleteAllById(null));
			calls.put("deleteAll((Iterable) null)", () -> repo.deleteAll((Iterable<E>) null));
			calls.put("deleteAll((Publisher) null)", () -> repo.deleteAll((Publisher<E>) null));
			calls.put("findAll((Sort) null)", () -> sorting.findAll((Sort) null));
			E unsaved = create("unsaved");
			calls.put("delete(entity without id)", () -> (this.id.apply(unsaved) == null) ? repo.delete(unsaved) : Mono.empty());
			Map<String, Outcome> outcomes = new LinkedHashMap<>();
			calls.forEach((call, invocation) -> outcomes.put(call, Outcome.of(requestContext(), invocation)));
			return outcomes;
		}

		private static Context requestContext() {
			return TenantContext.withTenant(UUID.randomUUID())
				.andThen(AuditContext.withActor("user:contract"))
				.andThen(AuditContext.withCorrelationId("contract"))
				.apply(Context.empty());
		}

	}

	// ---- entities ----

	interface IntRows extends Repo<IntRow, Integer> {

	}

	interface LongRows extends Repo<LongRow, Long> {

	}

	interface BoxedRows extends Repo<BoxedRow, Long> {

	}

	interface BoxedVersionedRows extends Repo<BoxedVersionedRow, Long> {

	}

	interface UuidRows extends Repo<UuidRow, UUID> {

	}

	interface StringRows extends Repo<StringRow, String> {

	}

	interface Items extends Repo<Item, UUID> {

	}

	interface PurgeableItems extends Repo<PurgeableItem, UUID> {

	}

	interface AuditedItems extends Repo<AuditedItem, UUID> {

	}

	@Table("contract_int")
	static final class IntRow {

		@Id
		int id;

		String name;

		IntRow(String name) {
			this.name = name;
		}

	}

	@Table("contract_long")
	static final class LongRow {

		@Id
		long id;

		String name;

		@Version
		@Nullable Long version;

		LongRow(String name) {
			this.name = name;
		}

	}

	@Table("contract_boxed")
	@SoftDeletable
	static final class BoxedRow {

		@Id
		@Nullable Long id;

		String name;

		@Nullable Instant deletedAt;

		BoxedRow(String name) {
			this.name = name;
		}

	}

	@Table("contract_boxed_versioned")
	static final class BoxedVersionedRow {

		@Id
		@Nullable Long id;

		String name;

		@Version
		@Nullable Integer version;

		BoxedVersionedRow(String name) {
			this.name = name;
		}

	}

	@Table("contract_uuid")
	static final class UuidRow {

		@Id
		@Nullable UUID id;

		String name;

		UuidRow(String name) {
			this.name = name;
		}

	}

	@Table("contract_string")
	static final class StringRow {

		@Id
		String code;

		String name;

		@Version
		@Nullable Integer version;

		StringRow(String name) {
			this(name + "-" + UUID.randomUUID(), name);
		}

		@PersistenceCreator
		StringRow(String code, String name) {
			this.code = code;
			this.name = name;
		}

	}

}
