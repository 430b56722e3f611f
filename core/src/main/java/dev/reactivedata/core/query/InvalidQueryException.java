package dev.reactivedata.core.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Request parameters that {@link QuerySpec} refused: an unknown field, an operator the field does not allow,
 * a value that does not parse, a negative page or an oversized page. Web layers answer it with 400.
 */
public class InvalidQueryException extends IllegalArgumentException {

	private final List<Violation> violations;

	/**
	 * Creates the exception.
	 * @param violations what was wrong, one entry per parameter at fault
	 */
	public InvalidQueryException(List<Violation> violations) {
		super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	/** @return what was wrong, one entry per parameter at fault */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * One refused parameter.
	 *
	 * @param field the request parameter
	 * @param message why it was refused
	 */
	public record Violation(String field, String message) {
	}

}
