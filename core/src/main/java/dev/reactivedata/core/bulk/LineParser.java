package dev.reactivedata.core.bulk;

/**
 * Turns one input line (an NDJSON object, a CSV record) into a validated entity.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface LineParser<T> {

	/**
	 * Parses and validates one line.
	 * @param line the line, without its line terminator, never blank
	 * @return the entity
	 * @throws RuntimeException with a message for the client when the line is malformed or invalid; the line is
	 * then reported as rejected
	 */
	T parse(String line);

}
