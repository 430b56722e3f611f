package dev.reactivedata.core.repository;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

import dev.reactivedata.core.query.SqlPredicate;

import org.springframework.r2dbc.core.binding.BindMarker;
import org.springframework.r2dbc.core.binding.BindMarkers;
import org.springframework.r2dbc.core.binding.BindTarget;

/**
 * Renders jsonb containments: the entries of a {@link SqlPredicate.JsonContains} as
 * {@code jsonb_build_object($1::text, $2::text, …)}, and a {@link SqlPredicate.JsonEqualsAny} as one such
 * containment per value, ORed. Every key and value is a bind marker, cast by the value's Java type so that
 * strings, booleans and numbers become the JSON values they are.
 */
final class JsonbObject {

	private JsonbObject() {
	}

	static String render(SqlPredicate.JsonContains predicate, BindMarkers markers, List<Consumer<BindTarget>> binders) {
		return render(predicate.entries(), markers, binders);
	}

	/**
	 * {@code (column @> jsonb_build_object(key, value1) OR …)}: each alternative stays a containment of its own,
	 * which a GIN index on the column serves.
	 */
	static String render(String column, SqlPredicate.JsonEqualsAny predicate, BindMarkers markers,
			List<Consumer<BindTarget>> binders) {
		StringJoiner alternatives = new StringJoiner(" OR ", "(", ")");
		for (Object value : predicate.values()) {
			alternatives.add(column + " @> " + render(Map.of(predicate.key(), value), markers, binders));
		}
		return alternatives.toString();
	}

	private static String render(Map<String, Object> entries, BindMarkers markers, List<Consumer<BindTarget>> binders) {
		StringJoiner arguments = new StringJoiner(", ", "jsonb_build_object(", ")");
		for (Map.Entry<String, Object> entry : entries.entrySet()) {
			BindMarker key = markers.next("key");
			BindMarker value = markers.next("value");
			String name = entry.getKey();
			Object json = entry.getValue();
			binders.add(target -> key.bind(target, name));
			binders.add(target -> value.bind(target, json));
			arguments.add(key.getPlaceholder() + "::text");
			arguments.add(value.getPlaceholder() + "::" + cast(json));
		}
		return arguments.toString();
	}

	private static String cast(Object value) {
		if (value instanceof Boolean) {
			return "boolean";
		}
		return (value instanceof Number) ? "numeric" : "text";
	}

}
