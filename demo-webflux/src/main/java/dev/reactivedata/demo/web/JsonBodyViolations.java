package dev.reactivedata.demo.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns Jackson's reading errors of a request body into field errors a client can act on: the JSON path of the
 * field and what it must be (the allowed values of an enum, a number, an object, the known properties).
 */
final class JsonBodyViolations {

	/** The field name used for the body as a whole. */
	static final String BODY = "body";

	private JsonBodyViolations() {
	}

	/**
	 * Finds the Jackson error among an exception's causes and describes it.
	 * @param ex the exception, such as a {@code ServerWebInputException} wrapping a {@code DecodingException}
	 * @return the field errors, or empty when no Jackson error caused the exception
	 */
	static Optional<List<Map<String, String>>> of(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return Optional.of(List.of(Map.of("field", field(jackson), "message", message(jackson))));
			}
		}
		return Optional.empty();
	}

	private static String field(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? BODY : path.toString();
	}

	private static String message(JacksonException ex) {
		if (ex instanceof UnrecognizedPropertyException unknown) {
			return "is not a known property; known: " + names(unknown.getKnownPropertyIds());
		}
		if (ex instanceof InvalidNullException) {
			return "must not be null";
		}
		if (ex instanceof MismatchedInputException mismatch) {
			String expected = expected(mismatch.getTargetType());
			if (ex instanceof InvalidFormatException invalid && invalid.getValue() != null) {
				return "'" + invalid.getValue() + "' is not valid: must be " + expected;
			}
			return "must be " + expected;
		}
		if (ex instanceof StreamReadException) {
			return "is not valid JSON";
		}
		return "cannot be read";
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class && type != char.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "a JSON object";
	}

	private static String names(@Nullable Collection<Object> names) {
		return (names != null) ? names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) : "";
	}

}
