package dev.reactivedata.core.tx;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.audit.Account;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

/**
 * Units of work against PostgreSQL: savepoints, retries of real serialization failures and deadlocks with
 * exactly one audit row per logical write, no retry on constraint violations, rollback on cancellation, and
 * after-commit hooks that see committed data.
 */
class TransactionsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	private CoreDataLayer data;

	private Transactions tx;

	@BeforeEach
	void setUp() {
		this.data = CoreDataLayer.create(dataLayer.database());
		this.tx = this.data.transactions();
	}

	@AfterEach
	void tearDown() {
		this.data.close();
	}

	@Test
	void failedNestedUnitRollsBackToItsSavepointAndTheOuterUnitCommits() {
		Mono<Account> unit = this.tx.inTransaction(insert("outer")
			// A duplicate key aborts the transaction unless the savepoint is rolled back.
			.then(this.tx.nested(insert("inner").then(insert("outer")))
				.onErrorResume(DataIntegrityViolationException.class, duplicate -> Mono.empty()))
			.then(insert("after")));
		unit.contextWrite(this::request).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		names().as(StepVerifier::create).expectNext(List.of("after", "outer")).verifyComplete();
		auditedNames().as(StepVerifier::create).expectNext(List.of("after", "outer")).verifyComplete();
	}

	@Test
	void failedNestedUnitErrorRollsBackEverythingWhenNotHandled() {
		this.tx.inTransaction(insert("kept-nowhere").then(this.tx.nested(insert("inner-too").then(Mono.error(
				new IllegalStateException("inner failed"))))))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectErrorMessage("inner failed")
			.verify(Duration.ofSeconds(10));
		names().as(StepVerifier::create).expectNext(List.of()).verifyComplete();
	}

	@Test
	void serializationFailureIsRetriedToSuccessWithOneAuditRowPerWrite() {
		UUID shared = insert("shared").contextWrite(this::request).map(Account::getId).block(Duration.ofSeconds(10));
		AtomicInteger attempts = new AtomicInteger();
		Mono<Account> unit = this.tx.retrying(() -> {
			int attempt = attempts.incrementAndGet();
			return this.data.client().sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").then()
				.then(this.data.template().selectOne(query(where("id").is(shared)), Account.class))
				.flatMap(account -> ((attempt == 1) ? concurrentBalanceChange(shared) : Mono.<Void>empty())
					.then(insert("created-in-unit"))
					.then(Mono.defer(() -> {
						account.setBalance(account.getBalance() + 10);
						return this.data.template().update(account);
					})));
		});
		unit.contextWrite(this::request).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
		auditCount("created-in-unit", "CREATE").as(StepVerifier::create).expectNext(1L).verifyComplete();
		auditCount("shared", "UPDATE").as(StepVerifier::create).expectNext(1L).verifyComplete();
		this.data.count("SELECT balance AS n FROM accounts WHERE name = 'shared'")
			.as(StepVerifier::create)
			.expectNext(1L + 10)
			.verifyComplete();
	}

	@Test
	void deadlockIsRetriedToSuccessWithOneAuditRowPerWrite() {
		UUID a = insert("deadlock-a").contextWrite(this::request).map(Account::getId).block(Duration.ofSeconds(10));
		UUID b = insert("deadlock-b").contextWrite(this::request).map(Account::getId).block(Duration.ofSeconds(10));
		Sinks.One<Boolean> firstLocked = Sinks.one();
		Sinks.One<Boolean> secondLocked = Sinks.one();
		AtomicInteger attempts = new AtomicInteger();
		Mono<Void> first = lockBoth(a, b, firstLocked, secondLocked, attempts);
		Mono<Void> second = lockBoth(b, a, secondLocked, firstLocked, attempts);
		Mono.when(first, second).contextWrite(this::request).as(StepVerifier::create).verifyComplete();
		assertThat(attempts).hasValue(3);
		auditCount("deadlock-a", "UPDATE").as(StepVerifier::create).expectNext(2L).verifyComplete();
		auditCount("deadlock-b", "UPDATE").as(StepVerifier::create).expectNext(2L).verifyComplete();
		this.data.count("SELECT sum(balance) AS n FROM accounts WHERE name LIKE 'deadlock-%'")
			.as(StepVerifier::create)
			.expectNext(4L)
			.verifyComplete();
	}

	/** Adds 1 to both accounts; on its first attempt waits between the two until the other unit holds its first lock. */
	private Mono<Void> lockBoth(UUID first, UUID second, Sinks.One<Boolean> iLocked, Sinks.One<Boolean> otherLocked,
			AtomicInteger attempts) {
		AtomicInteger mine = new AtomicInteger();
		return this.tx.retrying(() -> {
			attempts.incrementAndGet();
			boolean firstAttempt = mine.incrementAndGet() == 1;
			// Wait after the row lock, before the audited update.
			return lock(first)
				.then(firstAttempt ? Mono.fromRunnable(() -> iLocked.tryEmitValue(true)).then(otherLocked.asMono())
						: Mono.just(true))
				.then(addOne(first))
				.then(addOne(second));
		}).then();
	}

	private Mono<Void> lock(UUID id) {
		return this.data.client().sql("SELECT 1 FROM accounts WHERE id = :id FOR UPDATE").bind("id", id).then();
	}

	private Mono<Account> addOne(UUID id) {
		// Lock before reading: a retried unit must not read a row another transaction is still changing, or its
		// versioned update would fail as an optimistic-locking conflict instead of waiting.
		return lock(id).then(this.data.template().selectOne(query(where("id").is(id)), Account.class)).flatMap(account -> {
			account.setBalance(account.getBalance() + 1);
			return this.data.template().update(account);
		});
	}

	@Test
	void constraintViolationIsNotRetried() {
		AtomicInteger attempts = new AtomicInteger();
		insert("unique").then(this.tx.retrying(() -> Mono.defer(() -> {
			attempts.incrementAndGet();
			return insert("unique");
		})))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectError(DataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void cancellingATransactionalFluxPartWayLeavesNoRowAndNoAuditRow() {
		this.tx.inTransaction(Flux.range(0, 1000).concatMap(i -> insert("cancelled-" + i)))
			.take(5)
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectNextCount(5)
			.verifyComplete();
		this.data.quiescent()
			.then(Mono.zip(this.data.count("SELECT count(*) AS n FROM accounts WHERE name LIKE 'cancelled-%'"),
					this.data.count("SELECT count(*) AS n FROM audit_log WHERE new_value ->> 'name' LIKE 'cancelled-%'")))
			.as(StepVerifier::create)
			.assertNext(counts -> {
				assertThat(counts.getT1()).as("rows").isZero();
				assertThat(counts.getT2()).as("audit rows").isZero();
			})
			.verifyComplete();
	}

	@Test
	void aStatementSubscribedAfterItsUnitWasCancelledIsNeverSent() {
		// What a then() racing the cancellation does: subscribe the unit's next statement just after the cancel.
		Sinks.Empty<Void> cancelled = Sinks.empty();
		Sinks.Empty<Void> lateInsertDone = Sinks.empty();
		Mono<Account> unit = new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super Account> subscriber) {
				Context context = subscriber.currentContext();
				subscriber.onSubscribe(new Subscription() {
					@Override
					public void request(long n) {
					}

					@Override
					public void cancel() {
						cancelled.tryEmitEmpty();
					}
				});
				cancelled.asMono()
					.then(Mono.delay(Duration.ofMillis(200)))
					.then(insert("late").contextWrite(context))
					.doFinally(signal -> lateInsertDone.tryEmitEmpty())
					.subscribe(null, error -> { });
			}
		};
		this.tx.inTransaction(unit)
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.thenAwait(Duration.ofMillis(50))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		lateInsertDone.asMono()
			.then(this.data.quiescent())
			.then(this.data.count("SELECT count(*) AS n FROM accounts WHERE name = 'late'"))
			.as(StepVerifier::create)
			.expectNext(0L)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void afterCommitHooksSeeCommittedDataAndRunInOrder() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.tx.inTransaction(insert("hooked")
			.then(Transactions.afterCommit(this.data.count("SELECT count(*) AS n FROM accounts WHERE name = 'hooked'")
				.doOnNext(n -> seen.add("first saw " + n))
				.then()))
			.then(Transactions.afterCommit(() -> seen.add("second"))))
			.then(Mono.fromCallable(() -> List.copyOf(seen)))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectNext(List.of("first saw 1", "second"))
			.verifyComplete();
	}

	@Test
	void afterCommitHooksDoNotRunOnRollback() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.tx.inTransaction(insert("rolled").then(Transactions.afterCommit(() -> seen.add("hook")))
			.then(Mono.error(new IllegalStateException("boom"))))
			.contextWrite(this::request)
			.as(StepVerifier::create)
			.expectErrorMessage("boom")
			.verify(Duration.ofSeconds(10));
		assertThat(seen).isEmpty();
	}

	private Mono<Void> concurrentBalanceChange(UUID id) {
		return this.data.owner().sql("UPDATE accounts SET balance = balance + 1 WHERE id = :id").bind("id", id).then();
	}

	private Mono<Account> insert(String name) {
		return this.data.template().insert(new Account(name, 0));
	}

	private Mono<List<String>> names() {
		return this.data.client().sql("SELECT name FROM accounts ORDER BY name")
			.map(row -> row.get("name", String.class))
			.all()
			.collectList()
			.contextWrite(this::request);
	}

	private Mono<List<String>> auditedNames() {
		return this.data.client().sql("SELECT new_value ->> 'name' AS name FROM audit_log ORDER BY 1")
			.map(row -> row.get("name", String.class))
			.all()
			.collectList()
			.contextWrite(this::request);
	}

	private Mono<Long> auditCount(String name, String action) {
		return this.data.owner()
			.sql("SELECT count(*) AS n FROM audit_log WHERE new_value ->> 'name' = :name AND action = :action AND tenant_id = :tenant")
			.bind("name", name)
			.bind("action", action)
			.bind("tenant", this.tenant)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	private Context request(Context context) {
		return TenantContext.withTenant(this.tenant)
			.andThen(AuditContext.withActor("test"))
			.andThen(AuditContext.withCorrelationId("tx-test"))
			.apply(context);
	}

}
