package dev.reactivedata.core.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;

import dev.reactivedata.core.query.InvalidQueryException.Violation;

/**
 * Parses request parameters such as {@code ?status=PUBLISHED&tag=news&createdAfter=2024-01-01&metadata.source=rss
 * &sort=-createdAt,title&page=0&size=20} into a {@link QueryRequest} against an allow-list of fields for one entity. Anything not on the
 * list, any operator a field does not allow, any value that does not parse, {@code page < 0} or {@code size} out of
 * range raises one {@link InvalidQueryException} listing every fault. Request text only becomes bound values:
 * field names and sort properties are looked up in the allow-list, never passed through.
 * <p>
 * Instances are immutable and thread-safe; build one per entity with {@link #builder()}.
 */
public final class QuerySpec {

	/** The largest page size any spec allows. */
	public static final int MAX_SIZE_LIMIT = 1000;

	private static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_]{0,63})(?:\\[([a-z]{1,16})])?");

	private static final Pattern JSON_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");

	// A JSON number whose exponent PostgreSQL's numeric holds.
	private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,99})(\\.[0-9]{1,100})?([eE][+-]?[0-9]{1,3})?");

	private final Map<String, Field> fields;

	private final Map<String, JsonField> jsonFields;

	private final Map<String, String> sortable;

	private final Set<String> ignored;

	private final Sort defaultSort;

	private final int defaultSize;

	private final int maxSize;

	private QuerySpec(Builder builder) {
		this.fields = Map.copyOf(builder.fields);
		this.jsonFields = Map.copyOf(builder.jsonFields);
		this.sortable = Map.copyOf(builder.sortable);
		this.ignored = Set.copyOf(builder.ignored);
		this.defaultSort = builder.defaultSort;
		this.defaultSize = builder.defaultSize;
		this.maxSize = builder.maxSize;
	}

	/** @return a new builder */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Parses request parameters. {@code page}, {@code size} and {@code sort} are reserved names.
	 * @param parameters the request's query parameters, each with its values in order
	 * @return the query and page
	 * @throws InvalidQueryException listing every parameter at fault
	 */
	public QueryRequest parse(Map<String, List<String>> parameters) {
		Objects.requireNonNull(parameters, "parameters must not be null");
		List<Violation> violations = new ArrayList<>();
		List<Criteria> criteria = new ArrayList<>();
		List<SqlPredicate> predicates = new ArrayList<>();
		Map<String, Map<String, Object>> jsonEntries = new LinkedHashMap<>();
		int page = 0;
		int size = this.defaultSize;
		Sort sort = this.defaultSort;
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			String key = parameter.getKey();
			List<String> values = parameter.getValue();
			switch (key) {
				case "page" -> page = integer(key, values, violations, 0, Integer.MAX_VALUE, page);
				case "size" -> size = integer(key, values, violations, 1, this.maxSize, size);
				case "sort" -> sort = sort(values, violations, sort);
				default -> {
					if (this.ignored.contains(key)) {
						continue;
					}
					int dot = key.indexOf('.');
					if (dot > 0 && this.jsonFields.containsKey(key.substring(0, dot))) {
						jsonFilter(key, dot, values, jsonEntries, predicates, violations);
					}
					else {
						filter(key, values, criteria, predicates, violations);
					}
				}
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidQueryException(violations);
		}
		DataQuery query = (criteria.isEmpty() ? DataQuery.all() : DataQuery.where(Criteria.from(criteria))).sort(sort);
		for (SqlPredicate predicate : predicates) {
			query = query.and(predicate);
		}
		for (Map.Entry<String, Map<String, Object>> json : jsonEntries.entrySet()) {
			query = query.and(new SqlPredicate.JsonContains(json.getKey(), json.getValue()));
		}
		return new QueryRequest(query, page, size);
	}

	/**
	 * Parses only a sort expression such as {@code -createdAt,title}, for endpoints without filters.
	 * @param expression the expression, or {@code null} for the default sort
	 * @return the sort
	 * @throws InvalidQueryException when a property is not sortable
	 */
	public Sort parseSort(@Nullable String expression) {
		if (expression == null) {
			return this.defaultSort;
		}
		List<Violation> violations = new ArrayList<>();
		Sort sort = sort(List.of(expression), violations, this.defaultSort);
		if (!violations.isEmpty()) {
			throw new InvalidQueryException(violations);
		}
		return sort;
	}

	/**
	 * Checks a page size against this spec's limits.
	 * @param size the requested size, or {@code null} for the default
	 * @return the size to use
	 * @throws InvalidQueryException when out of range
	 */
	public int checkSize(@Nullable Integer size) {
		if (size == null) {
			return this.defaultSize;
		}
		if (size < 1 || size > this.maxSize) {
			throw new InvalidQueryException(List.of(new Violation("size", "must be between 1 and " + this.maxSize)));
		}
		return size;
	}

	/**
	 * {@code parameter.key=value} on a jsonb field: the key must be a plain key (and on the field's list, if it has
	 * one). A value that reads as a JSON number or boolean matches that number or boolean, or the same text as a
	 * string (a query string does not say which the client meant); a value in double quotes matches the string
	 * between them; any other value matches that string. The string entries of one field become one containment.
	 */
	private void jsonFilter(String parameter, int dot, List<String> values, Map<String, Map<String, Object>> entries,
			List<SqlPredicate> predicates, List<Violation> violations) {
		JsonField field = Objects.requireNonNull(this.jsonFields.get(parameter.substring(0, dot)));
		String key = parameter.substring(dot + 1);
		if (!JSON_KEY.matcher(key).matches()) {
			violations.add(new Violation(shorten(parameter), "invalid key; keys are letters, digits, '_' and '-', at most 64"));
			return;
		}
		if (!field.keys.isEmpty() && !field.keys.contains(key)) {
			violations.add(new Violation(parameter, "unknown key; allowed: " + field.keys.stream().sorted().toList()));
			return;
		}
		if (values.size() != 1) {
			violations.add(new Violation(parameter, "takes exactly one value"));
			return;
		}
		String value = values.get(0).strip();
		if (value.isEmpty()) {
			violations.add(new Violation(parameter, "invalid value '' for String"));
			return;
		}
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			entries.computeIfAbsent(field.property, property -> new LinkedHashMap<>()).put(key, value.substring(1, value.length() - 1));
		}
		else if (value.equals("true") || value.equals("false")) {
			predicates.add(new SqlPredicate.JsonEqualsAny(field.property, key, List.of(Boolean.valueOf(value), value)));
		}
		else if (JSON_NUMBER.matcher(value).matches()) {
			predicates.add(new SqlPredicate.JsonEqualsAny(field.property, key, List.of(new BigDecimal(value), value)));
		}
		else {
			entries.computeIfAbsent(field.property, property -> new LinkedHashMap<>()).put(key, value);
		}
	}

	private void filter(String key, List<String> values, List<Criteria> criteria, List<SqlPredicate> predicates,
			List<Violation> violations) {
		Matcher matcher = KEY.matcher(key);
		Field field = matcher.matches() ? this.fields.get(matcher.group(1)) : null;
		if (field == null) {
			boolean json = matcher.matches() && matcher.group(2) == null && this.jsonFields.containsKey(key);
			violations.add(new Violation(shorten(key), json ? "filter by a key: " + key + ".<key>=value" : "unknown query parameter"));
			return;
		}
		Operator operator = field.defaultOperator;
		if (matcher.group(2) != null) {
			Optional<Operator> explicit = Operator.fromToken(matcher.group(2));
			if (explicit.isEmpty() || !field.operators.contains(explicit.get())) {
				violations.add(new Violation(key, "unsupported operator; allowed: " + field.operators.stream().map(Operator::token).toList()));
				return;
			}
			operator = explicit.get();
		}
		List<String> raw = new ArrayList<>();
		for (String value : values) {
			if (operator == Operator.IN || operator == Operator.CONTAINS || (operator == Operator.EQ && field.operators.contains(Operator.IN))) {
				raw.addAll(Arrays.asList(value.split(",", -1)));
			}
			else {
				raw.add(value);
			}
		}
		if (operator == Operator.EQ && raw.size() > 1 && field.operators.contains(Operator.IN)) {
			operator = Operator.IN;
		}
		if (raw.isEmpty() || (raw.size() > 1 && operator != Operator.IN && operator != Operator.CONTAINS)) {
			violations.add(new Violation(key, "takes exactly one value"));
			return;
		}
		List<Object> parsed = new ArrayList<>();
		for (String value : raw) {
			try {
				parsed.add(convert(value.strip(), field.type));
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				violations.add(new Violation(key, "invalid value '" + shorten(value) + "' for " + field.type.getSimpleName()));
				return;
			}
		}
		switch (operator) {
			case EQ -> criteria.add(Criteria.where(field.property).is(parsed.get(0)));
			case NE -> criteria.add(Criteria.where(field.property).not(parsed.get(0)));
			case GT -> criteria.add(Criteria.where(field.property).greaterThan(parsed.get(0)));
			case GTE -> criteria.add(Criteria.where(field.property).greaterThanOrEquals(parsed.get(0)));
			case LT -> criteria.add(Criteria.where(field.property).lessThan(parsed.get(0)));
			case LTE -> criteria.add(Criteria.where(field.property).lessThanOrEquals(parsed.get(0)));
			case IN -> criteria.add(Criteria.where(field.property).in(parsed));
			case CONTAINS -> predicates.add(new SqlPredicate.ArrayContains(field.property,
					parsed.stream().map(String::valueOf).toList()));
			case MATCH -> predicates.add(new SqlPredicate.TextMatch(field.property, field.textConfig, (String) parsed.get(0)));
		}
	}

	private Sort sort(List<String> values, List<Violation> violations, Sort fallback) {
		List<Sort.Order> orders = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String value : values) {
			for (String token : value.split(",", -1)) {
				String name = token.strip();
				Sort.Direction direction = Sort.Direction.ASC;
				if (name.startsWith("-")) {
					direction = Sort.Direction.DESC;
					name = name.substring(1);
				}
				else if (name.startsWith("+")) {
					name = name.substring(1);
				}
				String property = this.sortable.get(name);
				if (property == null) {
					violations.add(new Violation("sort", "cannot sort by '" + shorten(name) + "'; allowed: "
							+ this.sortable.keySet().stream().sorted().toList()));
					return fallback;
				}
				if (seen.add(property)) {
					orders.add(new Sort.Order(direction, property));
				}
			}
		}
		return orders.isEmpty() ? fallback : Sort.by(orders);
	}

	private static int integer(String key, List<String> values, List<Violation> violations, int min, int max, int fallback) {
		if (values.size() != 1) {
			violations.add(new Violation(key, "takes exactly one value"));
			return fallback;
		}
		try {
			int value = Integer.parseInt(values.get(0).strip());
			if (value < min || value > max) {
				violations.add(new Violation(key, (max == Integer.MAX_VALUE) ? "must be at least " + min
						: "must be between " + min + " and " + max));
				return fallback;
			}
			return value;
		}
		catch (NumberFormatException ex) {
			violations.add(new Violation(key, "must be an integer"));
			return fallback;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object convert(String value, Class<?> type) {
		if (value.isEmpty()) {
			throw new IllegalArgumentException("empty");
		}
		if (type == String.class) {
			return value;
		}
		if (type.isEnum()) {
			return Enum.valueOf((Class<? extends Enum>) type, value);
		}
		if (type == Instant.class) {
			return instant(value);
		}
		if (type == UUID.class) {
			return UUID.fromString(value);
		}
		if (type == Integer.class) {
			return Integer.valueOf(value);
		}
		if (type == Long.class) {
			return Long.valueOf(value);
		}
		if (type == Boolean.class) {
			if (!value.equals("true") && !value.equals("false")) {
				throw new IllegalArgumentException(value);
			}
			return Boolean.valueOf(value);
		}
		if (type == LocalDate.class) {
			return LocalDate.parse(value);
		}
		throw new IllegalStateException("Unsupported filter type " + type.getName());
	}

	private static Instant instant(String value) {
		if (value.length() == 10) {
			return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		return OffsetDateTime.parse(value).toInstant();
	}

	private static String shorten(String text) {
		return (text.length() > 64) ? text.substring(0, 64) + "…" : text;
	}

	private record Field(String property, Class<?> type, Set<Operator> operators, Operator defaultOperator,
			String textConfig) {
	}

	private record JsonField(String property, Set<String> keys) {
	}

	/**
	 * Builds a {@link QuerySpec}. Parameter names are the request's; properties are the entity's.
	 */
	public static final class Builder {

		private static final Set<Class<?>> TYPES = Set.of(String.class, Instant.class, UUID.class, Integer.class,
				Long.class, Boolean.class, LocalDate.class);

		private final Map<String, Field> fields = new LinkedHashMap<>();

		private final Map<String, JsonField> jsonFields = new LinkedHashMap<>();

		private final Map<String, String> sortable = new LinkedHashMap<>();

		private final Set<String> ignored = new LinkedHashSet<>();

		private Sort defaultSort = Sort.unsorted();

		private int defaultSize = 20;

		private int maxSize = MAX_SIZE_LIMIT;

		private Builder() {
		}

		/**
		 * Allows filtering on a property under its own name; the first operator is the default one (used by
		 * {@code name=value}), the others need {@code name[op]=value}.
		 * @param property the entity property, also the parameter name
		 * @param type the value type: String, an enum, Instant, LocalDate, UUID, Integer, Long or Boolean
		 * @param operators the allowed operators, default first
		 * @return this builder
		 */
		public Builder field(String property, Class<?> type, Operator... operators) {
			return field(property, property, type, operators);
		}

		/**
		 * Allows filtering on a property under a parameter name, such as {@code createdAfter} for
		 * {@code createdAt > value}.
		 * @param parameter the request parameter name
		 * @param property the entity property
		 * @param type the value type
		 * @param operators the allowed operators, default first
		 * @return this builder
		 */
		public Builder field(String parameter, String property, Class<?> type, Operator... operators) {
			requireName(parameter, "parameter");
			Objects.requireNonNull(property, "property must not be null");
			Objects.requireNonNull(type, "type must not be null");
			if (!type.isEnum() && !TYPES.contains(type)) {
				throw new IllegalArgumentException("type " + type.getName() + " is not supported");
			}
			if (operators.length == 0) {
				throw new IllegalArgumentException("operators must not be empty");
			}
			this.fields.put(parameter, new Field(property, type, EnumSet.copyOf(Arrays.asList(operators)), operators[0], "english"));
			return this;
		}

		/**
		 * Allows {@code parameter=a,b} on an array property: rows whose array holds every value.
		 * @param parameter the request parameter, such as {@code tag}
		 * @param property the array property, such as {@code tags}
		 * @return this builder
		 */
		public Builder arrayContains(String parameter, String property) {
			return field(parameter, property, String.class, Operator.CONTAINS);
		}

		/**
		 * Allows a full-text search parameter on a {@code tsvector} property with the {@code english}
		 * configuration, in web-search syntax ({@code "quoted phrase" -excluded or}).
		 * @param parameter the request parameter, such as {@code q}
		 * @param property the tsvector property
		 * @return this builder
		 */
		public Builder textSearch(String parameter, String property) {
			requireName(parameter, "parameter");
			Objects.requireNonNull(property, "property must not be null");
			this.fields.put(parameter, new Field(property, String.class, EnumSet.of(Operator.MATCH), Operator.MATCH, "english"));
			return this;
		}

		/**
		 * Allows {@code parameter.key=value} on a jsonb property: rows whose JSON object has the top-level key with
		 * that value ({@code column @> '{"key": value}'}, key and value bound); several keys of one request must all
		 * match. A value that reads as a JSON number or boolean ({@code 3}, {@code -1.5e3}, {@code true}) matches
		 * that number or boolean, or the same text as a string; a value in double quotes ({@code "3"}) matches the
		 * string between them only; any other value matches that string. Back the property with a GIN index: every
		 * comparison is a containment it serves.
		 * @param parameter the request parameter before the dot, such as {@code metadata}
		 * @param property the jsonb property
		 * @param keys the keys allowed; none to allow any key of letters, digits, {@code _} and {@code -}
		 * @return this builder
		 */
		public Builder jsonKeys(String parameter, String property, String... keys) {
			requireName(parameter, "parameter");
			Objects.requireNonNull(property, "property must not be null");
			for (String key : keys) {
				if (key == null || !JSON_KEY.matcher(key).matches()) {
					throw new IllegalArgumentException("key '" + key + "' is not a plain key");
				}
			}
			this.jsonFields.put(parameter, new JsonField(property, Set.of(keys)));
			return this;
		}

		/**
		 * Allows sorting by properties under their own names.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder sortable(String... properties) {
			for (String property : properties) {
				requireName(property, "property");
				this.sortable.put(property, property);
			}
			return this;
		}

		/**
		 * Sets the sort used when a request has none; unsorted by default.
		 * @param sort the sort
		 * @return this builder
		 */
		public Builder defaultSort(Sort sort) {
			this.defaultSort = Objects.requireNonNull(sort, "sort must not be null");
			return this;
		}

		/**
		 * Sets the page size used when a request has none; 20 by default.
		 * @param size between 1 and the maximum size
		 * @return this builder
		 */
		public Builder defaultSize(int size) {
			this.defaultSize = size;
			return this;
		}

		/**
		 * Sets the largest page size a request may ask for; {@value QuerySpec#MAX_SIZE_LIMIT} by default and at most.
		 * @param size between 1 and {@value QuerySpec#MAX_SIZE_LIMIT}
		 * @return this builder
		 */
		public Builder maxSize(int size) {
			this.maxSize = size;
			return this;
		}

		/**
		 * Names parameters that are not filters (handled elsewhere, such as {@code include}), so they are not
		 * refused as unknown.
		 * @param parameters the names
		 * @return this builder
		 */
		public Builder ignore(String... parameters) {
			this.ignored.addAll(Arrays.asList(parameters));
			return this;
		}

		/**
		 * Builds the spec.
		 * @return the spec
		 * @throws IllegalArgumentException when the sizes are out of range
		 */
		public QuerySpec build() {
			if (this.maxSize < 1 || this.maxSize > MAX_SIZE_LIMIT) {
				throw new IllegalArgumentException("maxSize must be between 1 and " + MAX_SIZE_LIMIT);
			}
			if (this.defaultSize < 1 || this.defaultSize > this.maxSize) {
				throw new IllegalArgumentException("defaultSize must be between 1 and maxSize");
			}
			return new QuerySpec(this);
		}

		private static void requireName(String name, String what) {
			Objects.requireNonNull(name, what + " must not be null");
			if (!KEY.matcher(name).matches() || name.contains("[")) {
				throw new IllegalArgumentException(what + " '" + name + "' is not a plain name");
			}
		}

	}

}
