package dev.reactivedata.core.routing;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;

/**
 * Decorates a reactive transaction manager so that a read-only transaction ({@code @Transactional(readOnly =
 * true)}, a {@code TransactionalOperator} with a read-only definition) takes its connection under
 * {@link ReplicaReads#allow()}: a replica may serve the whole transaction. Spring marks the transaction read-only
 * in its synchronization only after the connection was acquired, too late for routing; hence the mark here,
 * around the acquire. Read-write transactions are untouched.
 */
public final class ReadOnlyRoutingTransactionManager implements ReactiveTransactionManager {

	private final ReactiveTransactionManager delegate;

	private ReadOnlyRoutingTransactionManager(ReactiveTransactionManager delegate) {
		this.delegate = delegate;
	}

	/**
	 * Decorates a transaction manager.
	 * @param delegate the application's transaction manager, usually an {@code R2dbcTransactionManager} on the
	 * routing connection factory
	 * @return the decorated manager
	 */
	public static ReadOnlyRoutingTransactionManager of(ReactiveTransactionManager delegate) {
		return new ReadOnlyRoutingTransactionManager(Objects.requireNonNull(delegate, "delegate must not be null"));
	}

	/** @return the decorated transaction manager */
	public ReactiveTransactionManager delegate() {
		return this.delegate;
	}

	@Override
	public Mono<ReactiveTransaction> getReactiveTransaction(@Nullable TransactionDefinition definition)
			throws TransactionException {
		Mono<ReactiveTransaction> transaction = this.delegate.getReactiveTransaction(definition);
		return (definition != null && definition.isReadOnly()) ? transaction.contextWrite(ReplicaReads.allow())
				: transaction;
	}

	@Override
	public Mono<Void> commit(ReactiveTransaction transaction) throws TransactionException {
		return this.delegate.commit(transaction);
	}

	@Override
	public Mono<Void> rollback(ReactiveTransaction transaction) throws TransactionException {
		return this.delegate.rollback(transaction);
	}

}
