package dev.reactivedata.core.tx;

import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.r2dbc.spi.R2dbcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The unit of work: runs reactive pipelines in transactions of a {@link ReactiveTransactionManager} (usually
 * Spring's {@code R2dbcTransactionManager}) through {@link TransactionalOperator}.
 * <ul>
 * <li>{@link #inTransaction(Mono)} joins the current transaction or starts one;</li>
 * <li>{@link #nested(Mono)} runs inside a savepoint of the current transaction: a failure rolls back to the
 * savepoint and is emitted, and the outer unit may handle it and still commit;</li>
 * <li>{@link #retrying(Supplier)} re-runs a whole unit in a new transaction when it failed with SQLSTATE
 * {@code 40001} (serialization failure) or {@code 40P01} (deadlock), never on other errors;</li>
 * <li>{@link #afterCommit(Mono)} registers work that runs only after the current transaction committed.</li>
 * </ul>
 * A subscriber that cancels a transactional publisher rolls the transaction back, whatever phase it is in
 * (beginning included), and its connection goes back to the pool; nothing is committed half-way. A unit that
 * had completed when its subscriber cancelled commits. All publishers are cold: nothing starts before
 * subscription.
 */
public final class Transactions {

	private static final Log logger = LogFactory.getLog(Transactions.class);

	private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40001", "40P01");

	private final TransactionalOperator required;

	private final TransactionalOperator nested;

	private final TransactionalOperator requiresNew;

	private final TransactionRetry retry;

	/**
	 * Creates units of work on the given transaction manager with {@link TransactionRetry#DEFAULT}.
	 * @param transactionManager the reactive transaction manager
	 */
	public Transactions(ReactiveTransactionManager transactionManager) {
		this(transactionManager, TransactionRetry.DEFAULT);
	}

	/**
	 * Creates units of work on the given transaction manager.
	 * @param transactionManager the reactive transaction manager
	 * @param retry how {@link #retrying(Supplier)} retries
	 */
	public Transactions(ReactiveTransactionManager transactionManager, TransactionRetry retry) {
		Objects.requireNonNull(transactionManager, "transactionManager must not be null");
		this.retry = Objects.requireNonNull(retry, "retry must not be null");
		this.required = TransactionalOperator.create(transactionManager,
				definition(TransactionDefinition.PROPAGATION_REQUIRED));
		this.nested = TransactionalOperator.create(transactionManager,
				definition(TransactionDefinition.PROPAGATION_NESTED));
		this.requiresNew = TransactionalOperator.create(transactionManager,
				definition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
	}

	private static TransactionDefinition definition(int propagation) {
		return new DefaultTransactionDefinition(propagation);
	}

	/**
	 * Runs {@code unit} in the current transaction, or in a new one when there is none. The transaction commits
	 * when the unit completes, rolls back when it errors (the error is emitted) or is cancelled.
	 * @param unit the work
	 * @param <T> the element type
	 * @return the unit's value, in a transaction
	 */
	public <T> Mono<T> inTransaction(Mono<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return RollbackOnCancel.transactional(this.required, unit);
	}

	/**
	 * Runs {@code unit} in the current transaction, or in a new one when there is none; see
	 * {@link #inTransaction(Mono)}. Cancelling part-way rolls back everything the unit wrote.
	 * @param unit the work
	 * @param <T> the element type
	 * @return the unit's values, in a transaction
	 */
	public <T> Flux<T> inTransaction(Flux<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return RollbackOnCancel.transactional(this.required, unit);
	}

	/**
	 * Runs {@code unit} in a new transaction, suspending the current one if any.
	 * @param unit the work
	 * @param <T> the element type
	 * @return the unit's value, in its own transaction
	 */
	public <T> Mono<T> inNewTransaction(Mono<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return RollbackOnCancel.transactional(this.requiresNew, unit);
	}

	/**
	 * Runs {@code unit} inside a savepoint of the current transaction (a new transaction when there is none).
	 * When the unit fails, the work done since the savepoint is rolled back and the error is emitted; the outer
	 * unit keeps its earlier work and may recover (for example with {@code onErrorResume}) and commit.
	 * @param unit the work
	 * @param <T> the element type
	 * @return the unit's value
	 */
	public <T> Mono<T> nested(Mono<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return RollbackOnCancel.transactional(this.nested, unit);
	}

	/**
	 * Runs {@code unit} inside a savepoint of the current transaction; see {@link #nested(Mono)}.
	 * @param unit the work
	 * @param <T> the element type
	 * @return the unit's values
	 */
	public <T> Flux<T> nested(Flux<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return RollbackOnCancel.transactional(this.nested, unit);
	}

	/**
	 * Runs the unit built by {@code unit} in a transaction and re-runs it, from a fresh publisher in a fresh
	 * transaction, when it fails with a serialization failure ({@code 40001}) or a deadlock ({@code 40P01}),
	 * with the jittered exponential backoff of this instance's {@link TransactionRetry}. Other errors are emitted
	 * at once, unchanged. When every retry failed, emits {@link TransactionRetryExhaustedException} with the
	 * last failure as its cause. Call it at the outermost level: a failed transaction cannot be retried from
	 * inside itself.
	 * @param unit builds the work for each attempt
	 * @param <T> the element type
	 * @return the value of the first successful attempt
	 */
	public <T> Mono<T> retrying(Supplier<? extends Mono<T>> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return Mono.defer(() -> this.inTransaction(Mono.defer(unit))).retryWhen(retrySpec());
	}

	/**
	 * Like {@link #retrying(Supplier)} for a unit given as a cold publisher, which is re-subscribed for each
	 * attempt.
	 * @param unit the work, a cold publisher
	 * @param <T> the element type
	 * @return the value of the first successful attempt
	 */
	public <T> Mono<T> retrying(Mono<T> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return retrying(() -> unit);
	}

	/**
	 * Like {@link #retrying(Supplier)} for a unit emitting many values. Values of a failed attempt have already
	 * been emitted downstream when the retry starts, so use it for units whose values are collected or counted
	 * only after completion.
	 * @param unit builds the work for each attempt
	 * @param <T> the element type
	 * @return the values of the successful attempt (after those of failed attempts)
	 */
	public <T> Flux<T> retryingMany(Supplier<? extends Flux<T>> unit) {
		Objects.requireNonNull(unit, "unit must not be null");
		return Flux.defer(() -> this.inTransaction(Flux.defer(unit))).retryWhen(retrySpec());
	}

	private RetryBackoffSpec retrySpec() {
		return Retry.backoff(this.retry.maxRetries(), this.retry.firstBackoff())
			.maxBackoff(this.retry.maxBackoff())
			.jitter(this.retry.jitter())
			.filter(Transactions::isRetryable)
			.doBeforeRetry(signal -> logger.debug("Retrying a unit of work after attempt " + (signal.totalRetries() + 1)
					+ " failed with " + sqlState(signal.failure()), signal.failure()))
			.onRetryExhaustedThrow((spec, signal) -> new TransactionRetryExhaustedException("Unit of work failed "
					+ (signal.totalRetries() + 1) + " times with a serialization failure or deadlock (SQLSTATE "
					+ sqlState(signal.failure()) + ")", signal.failure()));
	}

	/**
	 * Tells whether an error (or one of its causes) is a serialization failure ({@code 40001}) or a deadlock
	 * ({@code 40P01}), the failures a whole unit of work can be retried on.
	 * @param error the error
	 * @return whether retrying the unit may succeed
	 */
	public static boolean isRetryable(Throwable error) {
		String state = sqlState(error);
		return state != null && RETRYABLE_SQL_STATES.contains(state);
	}

	static @Nullable String sqlState(Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				return r2dbc.getSqlState();
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

	/**
	 * Registers {@code hook} to run after the current reactive transaction commits, or runs it when subscribed if
	 * there is no transaction. Hooks of one transaction run in registration order, one after the other, and only
	 * after a successful commit: a rollback drops them. A hook registered inside a {@link #nested(Mono) nested}
	 * unit that rolled back to its savepoint still runs when the outer transaction commits. A failing hook is
	 * logged and does not affect the committed transaction or the next hooks. The hook runs with the Reactor
	 * Context of the caller that registered it (its tenant, actor), whatever context the commit runs in.
	 * <p>
	 * Emits: completion once registered (or once the hook completed, without a transaction); the error of the
	 * hook itself only in the no-transaction case.
	 * @param hook the work to run after commit, such as a cache invalidation; cold
	 * @return completion when registered
	 */
	public static Mono<Void> afterCommit(Mono<Void> hook) {
		Objects.requireNonNull(hook, "hook must not be null");
		// The commit runs in the transaction's context; the hook keeps the registering caller's (its tenant).
		return Mono.deferContextual(caller -> TransactionSynchronizationManager.forCurrentTransaction()
			.filter(TransactionSynchronizationManager::isSynchronizationActive)
			.onErrorResume(NoTransactionException.class, noTransaction -> Mono.empty())
			.map(synchronizations -> {
				synchronizations.registerSynchronization(new AfterCommitHook(hook.contextWrite(caller)));
				return true;
			})
			.switchIfEmpty(hook.thenReturn(false))
			.then());
	}

	/**
	 * Registers a plain action to run after the current transaction commits; see {@link #afterCommit(Mono)}.
	 * @param hook the action; must not block
	 * @return completion when registered
	 */
	public static Mono<Void> afterCommit(Runnable hook) {
		Objects.requireNonNull(hook, "hook must not be null");
		return afterCommit(Mono.fromRunnable(hook));
	}

	/**
	 * Emits whether the subscriber runs inside an active reactive transaction.
	 * @return {@code true} inside a transaction, else {@code false}
	 */
	public static Mono<Boolean> isActive() {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.map(TransactionSynchronizationManager::isActualTransactionActive)
			.onErrorResume(NoTransactionException.class, noTransaction -> Mono.just(false));
	}

	private record AfterCommitHook(Mono<Void> hook) implements TransactionSynchronization {

		@Override
		public Mono<Void> afterCommit() {
			return this.hook.onErrorResume(error -> {
				logger.error("An after-commit hook failed; the transaction stays committed", error);
				return Mono.empty();
			});
		}

	}

}
