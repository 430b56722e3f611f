package dev.reactivedata.core.tx;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * A unit of work kept failing with serialization failures or deadlocks after every retry of its
 * {@link TransactionRetry}; the last failure is the cause.
 */
public class TransactionRetryExhaustedException extends ConcurrencyFailureException {

	/**
	 * Creates the exception.
	 * @param message how many attempts were made
	 * @param cause the last failure
	 */
	public TransactionRetryExhaustedException(String message, Throwable cause) {
		super(message, cause);
	}

}
