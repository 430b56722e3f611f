package dev.reactivedata.demo.web;

/**
 * A request field failed a check that bean validation cannot express; answered as a 400 problem with
 * {@code errors: [{field, message}]}.
 */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	/**
	 * Creates the exception.
	 * @param field the JSON field at fault
	 * @param message what is wrong with it
	 */
	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** @return the JSON field at fault */
	public String getField() {
		return this.field;
	}

}
