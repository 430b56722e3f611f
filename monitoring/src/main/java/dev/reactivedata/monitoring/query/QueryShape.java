package dev.reactivedata.monitoring.query;

/**
 * A normalized query shape: the SQL of a statement with every literal and bind marker replaced by {@code ?}
 * and value lists collapsed, so that executions differing only in their values share one shape.
 *
 * @param id a short stable identifier of the normalized text, safe as a meter tag
 * @param sql the normalized text (never contains literal values), at most 1,000 characters
 * @param operation the statement's leading keyword in lower case ({@code select}, {@code insert},
 * {@code update}, {@code delete}, {@code with}, ...), or {@code other}
 */
public record QueryShape(String id, String sql, String operation) {

	/** The shape every statement maps to once the shape limit is reached. */
	public static final QueryShape OTHER = new QueryShape("other", "(other shapes: limit reached)", "other");

	boolean countsUpdatedRows() {
		return switch (this.operation) {
			case "insert", "update", "delete", "merge" -> !this.sql.toLowerCase(java.util.Locale.ROOT).contains(" returning ");
			default -> false;
		};
	}

}
