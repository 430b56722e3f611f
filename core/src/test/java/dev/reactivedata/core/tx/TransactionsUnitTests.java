package dev.reactivedata.core.tx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.AbstractReactiveTransactionManager;
import org.springframework.transaction.reactive.GenericReactiveTransaction;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry classification and backoff (virtual time), and after-commit hooks, on a transaction manager without
 * I/O.
 */
class TransactionsUnitTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Transactions transactions = new Transactions(new RecordingTransactionManager(this.events),
			TransactionRetry.builder().maxRetries(3).firstBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).build());

	@Test
	void serializationFailureIsRetriedWithBackoffUntilSuccess() {
		AtomicInteger attempts = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> this.transactions.retrying(() -> Mono.defer(() -> (attempts.incrementAndGet() < 3)
				? Mono.error(new R2dbcRollbackException("could not serialize access", "40001"))
				: Mono.just("done"))))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(5))
			.expectNext("done")
			.verifyComplete();
		assertThat(attempts).hasValue(3);
		assertThat(this.events).containsExactly("begin", "rollback", "begin", "rollback", "begin", "commit");
	}

	@Test
	void deadlockIsRetried() {
		AtomicInteger attempts = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> this.transactions.retrying(() -> Mono.defer(() -> (attempts.incrementAndGet() == 1)
				? Mono.error(new ConcurrencyFailureException("deadlock",
						new R2dbcTransientResourceException("deadlock detected", "40P01")))
				: Mono.just("done"))))
			.thenAwait(Duration.ofSeconds(5))
			.expectNext("done")
			.verifyComplete();
		assertThat(attempts).hasValue(2);
	}

	@Test
	void otherErrorsAreNotRetried() {
		AtomicInteger attempts = new AtomicInteger();
		this.transactions.retrying(() -> Mono.defer(() -> {
			attempts.incrementAndGet();
			return Mono.error(new R2dbcDataIntegrityViolationException("duplicate key", "23505"));
		}))
			.as(StepVerifier::create)
			.expectError(R2dbcDataIntegrityViolationException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void retriesAreBounded() {
		AtomicInteger attempts = new AtomicInteger();
		StepVerifier.withVirtualTime(() -> this.transactions.retrying(() -> Mono.defer(() -> {
			attempts.incrementAndGet();
			return Mono.error(new R2dbcRollbackException("could not serialize access", "40001"));
		})))
			.thenAwait(Duration.ofMinutes(1))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(TransactionRetryExhaustedException.class)
				.hasMessageContaining("4 times")
				.hasRootCauseInstanceOf(R2dbcRollbackException.class))
			.verify();
		assertThat(attempts).hasValue(4);
	}

	@Test
	void afterCommitHooksRunAfterCommitInRegistrationOrder() {
		this.transactions.inTransaction(Transactions.afterCommit(() -> this.events.add("first"))
			.then(Transactions.afterCommit(Mono.fromRunnable(() -> this.events.add("second"))))
			.then(Mono.fromRunnable(() -> this.events.add("work"))))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(this.events).containsExactly("begin", "work", "commit", "first", "second");
	}

	@Test
	void afterCommitHooksAreDroppedOnRollback() {
		this.transactions.inTransaction(Transactions.afterCommit(() -> this.events.add("hook"))
			.then(Mono.error(new IllegalStateException("boom"))))
			.as(StepVerifier::create)
			.expectErrorMessage("boom")
			.verify(Duration.ofSeconds(5));
		assertThat(this.events).containsExactly("begin", "rollback");
	}

	@Test
	void failingHookDoesNotFailTheCommittedUnitOrLaterHooks() {
		this.transactions.inTransaction(Transactions.afterCommit(Mono.error(new IllegalStateException("hook failed")))
			.then(Transactions.afterCommit(() -> this.events.add("next"))))
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(this.events).containsExactly("begin", "commit", "next");
	}

	@Test
	void afterCommitWithoutTransactionRunsOnSubscription() {
		Mono<Void> hook = Transactions.afterCommit(() -> this.events.add("now"));
		assertThat(this.events).isEmpty();
		hook.as(StepVerifier::create).verifyComplete();
		assertThat(this.events).containsExactly("now");
	}

	@Test
	void isActiveTellsWhetherATransactionRuns() {
		Transactions.isActive().as(StepVerifier::create).expectNext(false).verifyComplete();
		this.transactions.inTransaction(Transactions.isActive()).as(StepVerifier::create).expectNext(true).verifyComplete();
	}

	@Test
	void retryableErrorsAreFoundInTheCauseChain() {
		assertThat(Transactions.isRetryable(new RuntimeException(new R2dbcRollbackException("x", "40001")))).isTrue();
		assertThat(Transactions.isRetryable(new R2dbcTransientResourceException("x", "40P01"))).isTrue();
		assertThat(Transactions.isRetryable(new R2dbcDataIntegrityViolationException("x", "23505"))).isFalse();
		assertThat(Transactions.isRetryable(new IllegalStateException("no state"))).isFalse();
	}

	/** A transaction manager that records begin, commit and rollback and talks to nothing. */
	static final class RecordingTransactionManager extends AbstractReactiveTransactionManager {

		private final List<String> events;

		RecordingTransactionManager(List<String> events) {
			this.events = events;
		}

		@Override
		protected Object doGetTransaction(TransactionSynchronizationManager synchronizationManager) {
			return new Object();
		}

		@Override
		protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
				TransactionDefinition definition) {
			return Mono.fromRunnable(() -> this.events.add("begin"));
		}

		@Override
		protected Mono<Void> doCommit(TransactionSynchronizationManager synchronizationManager,
				GenericReactiveTransaction status) {
			return Mono.fromRunnable(() -> this.events.add("commit"));
		}

		@Override
		protected Mono<Void> doRollback(TransactionSynchronizationManager synchronizationManager,
				GenericReactiveTransaction status) {
			return Mono.fromRunnable(() -> this.events.add("rollback"));
		}

	}

}
