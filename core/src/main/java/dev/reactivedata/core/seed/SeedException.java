package dev.reactivedata.core.seed;

/**
 * Seeding refused to run (an unknown profile, clearing a profile that did not seed); the message is one line for
 * an operator, and nothing was changed.
 */
public class SeedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message the one-line explanation
	 */
	public SeedException(String message) {
		super(message);
	}

}
