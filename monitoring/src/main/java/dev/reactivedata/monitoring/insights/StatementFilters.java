package dev.reactivedata.monitoring.insights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the filters of a normalized statement ({@code pg_stat_statements} text, constants replaced by
 * {@code $n}): the tables it reads, with their aliases, and each {@code column = $n}, {@code column IN ($n, ...)},
 * {@code column = ANY ($n)} and {@code column > $n} (and the other comparisons, {@code BETWEEN}) predicate.
 * A pattern match, not a parser: it serves index suggestions and representative statements, both checked by the
 * planner afterwards.
 */
final class StatementFilters {

	private static final String NAME = "\"?([A-Za-z_][A-Za-z0-9_$]*)\"?";

	private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO)\\s+(?:ONLY\\s+)?(?:" + NAME
			+ "\\.)?" + NAME + "(?:\\s+(?:AS\\s+)?" + NAME + ")?");

	private static final Pattern PREDICATE = Pattern.compile("(?i)(?:" + NAME + "\\.)?" + NAME
			+ "\\s*(=\\s*ANY\\s*\\(\\s*|\\bIN\\s*\\(\\s*|>=|<=|<>|!=|=|>|<|\\bBETWEEN\\s+)\\s*(\\$\\d+(?:\\s*,\\s*\\$\\d+)*)");

	private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

	private static final Pattern LIMIT = Pattern.compile("(?i)\\b(LIMIT|OFFSET|FETCH\\s+FIRST)\\s+\\$(\\d+)");

	private static final Set<String> KEYWORDS = Set.of("where", "join", "inner", "left", "right", "full", "cross",
			"on", "using", "order", "group", "limit", "offset", "for", "set", "values", "returning", "union", "having",
			"window", "natural", "lateral", "fetch", "select", "default");

	private StatementFilters() {
	}

	/** How a predicate compares its column. */
	enum Kind {

		/** {@code =}, {@code IN}, {@code = ANY}: an index can seek to it. */
		EQUALITY,

		/** {@code <}, {@code >}, {@code BETWEEN}: an index can scan a range after the equality columns. */
		RANGE,

		/** {@code <>}: no index helps. */
		OTHER

	}

	/**
	 * One predicate.
	 * @param qualifier the table or alias before the column, {@code null} when unqualified
	 * @param column the column, lower case
	 * @param kind how it compares
	 * @param parameters the parameter numbers it compares with
	 * @param array whether the parameter is an array ({@code = ANY ($n)})
	 */
	record Predicate(@Nullable String qualifier, String column, Kind kind, List<Integer> parameters, boolean array) {
	}

	/**
	 * A table the statement reads.
	 * @param schema its schema, {@code null} when unqualified
	 * @param name its name, lower case
	 * @param alias its alias, {@code null} when none
	 */
	record TableReference(@Nullable String schema, String name, @Nullable String alias) {
	}

	static List<TableReference> tables(String sql) {
		List<TableReference> tables = new ArrayList<>();
		Matcher matcher = TABLE.matcher(sql);
		while (matcher.find()) {
			String alias = lower(matcher.group(3));
			if (alias != null && KEYWORDS.contains(alias)) {
				alias = null;
			}
			String name = lower(matcher.group(2));
			if (name != null && !KEYWORDS.contains(name)) {
				tables.add(new TableReference(lower(matcher.group(1)), name, alias));
			}
		}
		return tables;
	}

	static List<Predicate> predicates(String sql) {
		List<Predicate> predicates = new ArrayList<>();
		Matcher matcher = PREDICATE.matcher(sql);
		while (matcher.find()) {
			String operator = matcher.group(3).trim().toUpperCase(Locale.ROOT);
			Kind kind = switch (operator.replaceAll("\\s+", "")) {
				case "=", "IN(", "=ANY(" -> Kind.EQUALITY;
				case ">", "<", ">=", "<=", "BETWEEN" -> Kind.RANGE;
				default -> Kind.OTHER;
			};
			List<Integer> parameters = new ArrayList<>();
			Matcher parameter = PARAMETER.matcher(matcher.group(4));
			while (parameter.find()) {
				parameters.add(Integer.parseInt(parameter.group(1)));
			}
			predicates.add(new Predicate(lower(matcher.group(1)), lower(matcher.group(2)), kind, parameters,
					operator.replaceAll("\\s+", "").equals("=ANY(")));
		}
		return predicates;
	}

	/**
	 * The index columns the statement's filters on one table suggest: its equality columns in the order they
	 * appear, then its first range column.
	 * @param sql the normalized statement
	 * @param table the table, lower case
	 * @param columns the table's columns, lower case
	 * @return the columns, empty when the statement does not filter the table
	 */
	static List<String> indexColumns(String sql, String table, Set<String> columns) {
		Set<String> names = new LinkedHashSet<>();
		boolean reads = false;
		for (TableReference reference : tables(sql)) {
			if (reference.name().equals(table)) {
				reads = true;
				names.add(table);
				if (reference.alias() != null) {
					names.add(reference.alias());
				}
			}
		}
		if (!reads) {
			return List.of();
		}
		Set<String> equality = new LinkedHashSet<>();
		String range = null;
		for (Predicate predicate : predicates(sql)) {
			boolean ours = (predicate.qualifier() == null || names.contains(predicate.qualifier()))
					&& columns.contains(predicate.column());
			if (!ours) {
				continue;
			}
			if (predicate.kind() == Kind.EQUALITY) {
				equality.add(predicate.column());
			}
			else if (predicate.kind() == Kind.RANGE && range == null) {
				range = predicate.column();
			}
		}
		List<String> out = new ArrayList<>(equality);
		if (range != null && !equality.contains(range)) {
			out.add(range);
		}
		return out;
	}

	/**
	 * Replaces every parameter with a literal, when each one can be given a value: a predicate's parameter by
	 * the representative value of its column, a {@code LIMIT}'s by 20 and an {@code OFFSET}'s by 0.
	 * @param sql the normalized statement
	 * @param values representative literals (already quoted) by column, lower case
	 * @return the statement with literals, or {@code null} when some parameter has no value
	 */
	static @Nullable String withLiterals(String sql, Map<String, String> values) {
		Map<Integer, String> literals = new LinkedHashMap<>();
		for (Predicate predicate : predicates(sql)) {
			String value = values.get(predicate.column());
			if (value != null) {
				for (int parameter : predicate.parameters()) {
					literals.put(parameter, predicate.array() ? "ARRAY[" + value + "]" : value);
				}
			}
		}
		Matcher limit = LIMIT.matcher(sql);
		while (limit.find()) {
			literals.put(Integer.parseInt(limit.group(2)), limit.group(1).equalsIgnoreCase("OFFSET") ? "0" : "20");
		}
		Matcher parameter = PARAMETER.matcher(sql);
		StringBuilder out = new StringBuilder();
		while (parameter.find()) {
			String literal = literals.get(Integer.parseInt(parameter.group(1)));
			if (literal == null) {
				return null;
			}
			parameter.appendReplacement(out, Matcher.quoteReplacement(literal));
		}
		parameter.appendTail(out);
		return out.toString();
	}

	static boolean parameterized(String sql) {
		return PARAMETER.matcher(sql).find();
	}

	private static @Nullable String lower(@Nullable String name) {
		return (name != null) ? name.toLowerCase(Locale.ROOT) : null;
	}

}
