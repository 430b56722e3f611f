package dev.reactivedata.core.bulk;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.reactivedata.core.audit.AuditAction;
import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.audit.AuditedWrites;
import dev.reactivedata.core.internal.EntityModel;
import dev.reactivedata.core.tx.Transactions;
import io.r2dbc.postgresql.codec.Json;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.convert.CustomConversions;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.mapping.event.BeforeConvertCallback;
import org.springframework.data.relational.core.conversion.AbstractRelationalConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.ClassUtils;

/**
 * Bulk writes through {@code unnest}: each column travels as one {@code text[]} parameter in PostgreSQL's text
 * form and is cast to the column's own type (read once from the catalog), so {@code text[]}, {@code jsonb}, enums
 * and timestamps need no per-type array codec, and array columns do not collapse into a two-dimensional array.
 */
final class UnnestBulkOperations<T> implements BulkOperations<T> {

	/**
	 * Insert chunks running at once outside a transaction, each on a connection of its own: the database then
	 * parses and writes one chunk while it receives the next, instead of waiting for it.
	 */
	private static final int INSERT_CONNECTIONS = 2;

	private static final String COLUMN_TYPES = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type "
			+ "FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped";

	private final EntityModel<T> model;

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final ReactiveEntityCallbacks callbacks;

	private final List<RelationalPersistentProperty> updatable;

	private final Set<RelationalPersistentProperty> direct;

	// Null for an entity without @Audited: its statements stay exactly as they are.
	private final @Nullable AuditedWrites audit;

	private volatile @Nullable Map<String, String> columnTypes;

	UnnestBulkOperations(Class<T> type, DatabaseClient client, R2dbcConverter converter, ReactiveEntityCallbacks callbacks) {
		this.model = EntityModel.of(type, converter);
		this.client = client;
		this.converter = converter;
		this.callbacks = callbacks;
		this.updatable = this.model.properties()
			.stream()
			.filter(p -> !p.isIdProperty() && !p.isVersionProperty() && !p.isInsertOnly()
					&& this.model.softDelete().map(soft -> !soft.equals(p)).orElse(true)
					&& this.model.deletedBy().map(deletedBy -> !deletedBy.equals(p)).orElse(true))
			.toList();
		this.audit = AuditedWrites.of(this.model.entity()).orElse(null);
		this.direct = direct(this.model.properties(), converter);
	}

	@Override
	public Mono<Long> insertAll(Publisher<? extends T> entities, int chunkSize) {
		requireChunkSize(chunkSize);
		// A transaction's chunks share its one connection: one at a time.
		return Transactions.isActive()
			.flatMap(inTransaction -> pipelined(Flux.<T>from(entities)
				.concatMap(this::beforeConvert, 256)
				.map(this::prepareNew)
				.buffer(chunkSize)
				.concatMap(chunk -> columnTypes().map(types -> insertStatement(chunk, types)), 1),
					inTransaction ? 1 : INSERT_CONNECTIONS));
	}

	@Override
	public Mono<Long> updateAll(Publisher<? extends T> entities, int chunkSize) {
		requireChunkSize(chunkSize);
		return pipelined(Flux.<T>from(entities)
			.concatMap(this::beforeConvert, 256)
			.buffer(chunkSize)
			.concatMap(chunk -> columnTypes().map(types -> updateStatement(chunk, types)), 1), 1);
	}

	/**
	 * Runs chunk statements in order, up to {@code concurrency} at once, while the next chunk is read and
	 * converted on another thread, so the conversion of one chunk overlaps the database's work on the ones
	 * before. At most {@code concurrency + 2} chunks are in memory: those running, the one converted next, and
	 * the one being converted. A failed chunk fails the whole once every chunk before it is done, so those are
	 * written; a later one already running is cancelled, its statement perhaps complete.
	 */
	private Mono<Long> pipelined(Flux<ChunkStatement> statements, int concurrency) {
		return statements.publishOn(Schedulers.parallel(), 1)
			.flatMapSequential(statement -> run(statement).materialize(), concurrency, 1)
			.<Long>handle((done, sink) -> {
				Throwable failure = done.getThrowable();
				if (failure != null) {
					sink.error(failure);
				}
				else if (done.hasValue()) {
					sink.next(done.get());
				}
			})
			.reduce(0L, Long::sum);
	}

	@Override
	public Mono<Long> deleteAllById(Collection<?> ids) {
		return Mono.defer(() -> {
			if (ids.isEmpty()) {
				return Mono.just(0L);
			}
			// The driver encodes arrays of boxed values (Integer[], Long[]), not int[] or long[].
			Object array = Array.newInstance(ClassUtils.resolvePrimitiveIfNecessary(this.model.id().getType()), ids.size());
			int i = 0;
			for (Object id : ids) {
				Array.set(array, i++, id);
			}
			String id = EntityModel.column(this.model.id());
			String sql = this.model.softDelete()
				.map(soft -> "UPDATE " + this.model.table() + " SET " + this.model.softDeleteAssignments("$2") + " WHERE " + id
						+ " = ANY($1) AND " + EntityModel.column(soft) + " IS NULL")
				.orElseGet(() -> "DELETE FROM " + this.model.table() + " WHERE " + id + " = ANY($1)");
			if (this.model.deletedBy().isEmpty()) {
				return run(sql, List.of(array), AuditAction.BULK_DELETE);
			}
			// Who deletes: the actor of the Reactor Context, or null.
			return AuditContext.actor()
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap(actor -> run(sql, Arrays.asList(array, actor.orElse(null)), AuditAction.BULK_DELETE));
		});
	}

	private Mono<T> beforeConvert(T entity) {
		return this.callbacks.callback(BeforeConvertCallback.class, entity, this.model.entity().getQualifiedTableName());
	}

	private T prepareNew(T entity) {
		PersistentPropertyAccessor<T> accessor = this.model.accessor(entity);
		this.model.version().ifPresent(version -> {
			if (accessor.getProperty(version) == null) {
				accessor.setProperty(version, this.converter.getConversionService().convert(0, version.getType()));
			}
		});
		return accessor.getBean();
	}

	private ChunkStatement insertStatement(List<T> chunk, Map<String, String> types) {
		List<RelationalPersistentProperty> properties = this.model.properties();
		String[][] texts = texts(chunk, properties);
		List<String> columns = new ArrayList<>();
		List<String> casts = new ArrayList<>();
		List<String[]> arrays = new ArrayList<>();
		for (int p = 0; p < properties.size(); p++) {
			RelationalPersistentProperty property = properties.get(p);
			String[] values = texts[p];
			if (allNull(values)) {
				continue;
			}
			int n = arrays.size() + 1;
			columns.add(EntityModel.column(property));
			String cast = "v.c" + n + "::" + type(types, property);
			// Ids left null take the column default; UUIDs are generated here rather than with a blocking SecureRandom.
			casts.add((property.isIdProperty() && property.getType() == UUID.class) ? "COALESCE(" + cast + ", gen_random_uuid())" : cast);
			arrays.add(values);
		}
		String sql = "INSERT INTO " + this.model.table() + " (" + String.join(", ", columns) + ") SELECT "
				+ String.join(", ", casts) + " FROM unnest(" + markers(arrays.size()) + ") AS v(" + aliases(arrays.size()) + ")";
		return new ChunkStatement(sql, arrays, AuditAction.BULK_INSERT, chunk.size(), false);
	}

	private ChunkStatement updateStatement(List<T> chunk, Map<String, String> types) {
		List<String[]> arrays = new ArrayList<>();
		arrays.add(texts(chunk, this.model.id()));
		String id = EntityModel.column(this.model.id());
		StringBuilder set = new StringBuilder();
		for (RelationalPersistentProperty property : this.updatable) {
			arrays.add(texts(chunk, property));
			set.append((set.length() > 0) ? ", " : "").append(EntityModel.column(property)).append(" = v.c").append(arrays.size())
				.append("::").append(type(types, property));
		}
		StringBuilder where = new StringBuilder("t.").append(id).append(" = v.c1::").append(type(types, this.model.id()));
		RelationalPersistentProperty version = this.model.version().orElse(null);
		if (version != null) {
			arrays.add(texts(chunk, version));
			String column = EntityModel.column(version);
			set.append(", ").append(column).append(" = t.").append(column).append(" + 1");
			where.append(" AND t.").append(column).append(" = v.c").append(arrays.size()).append("::").append(type(types, version));
		}
		this.model.softDelete().ifPresent(soft -> where.append(" AND t.").append(EntityModel.column(soft)).append(" IS NULL"));
		String sql = "UPDATE " + this.model.table() + " AS t SET " + set + " FROM unnest(" + markers(arrays.size()) + ") AS v("
				+ aliases(arrays.size()) + ") WHERE " + where;
		return new ChunkStatement(sql, arrays, AuditAction.BULK_UPDATE, chunk.size(), version != null);
	}

	private Mono<Long> run(ChunkStatement statement) {
		return run(statement.sql(), statement.parameters(), statement.action()).flatMap(written -> {
			if (statement.versioned() && written < statement.rows()) {
				return Mono.error(new OptimisticLockingFailureException("Bulk update of " + this.model.type().getSimpleName()
						+ " matched " + written + " of " + statement.rows() + " rows: some were changed, deleted or are missing"));
			}
			return Mono.just(written);
		});
	}

	private Mono<Map<String, String>> columnTypes() {
		Map<String, String> known = this.columnTypes;
		if (known != null) {
			return Mono.just(known);
		}
		return this.client.sql(COLUMN_TYPES)
			.bind(0, this.model.table())
			.map((row, metadata) -> Map.entry(row.get(0, String.class), row.get(1, String.class)))
			.all()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue))
			.doOnNext(types -> this.columnTypes = types);
	}

	private String type(Map<String, String> types, RelationalPersistentProperty property) {
		String type = types.get(property.getColumnName().getReference());
		if (type == null) {
			throw new InvalidDataAccessApiUsageException("Table " + this.model.table() + " has no column "
					+ property.getColumnName().getReference() + " for property " + property.getName());
		}
		return type;
	}

	private String[] texts(List<T> chunk, RelationalPersistentProperty property) {
		return texts(chunk, List.of(property))[0];
	}

	/**
	 * Renders the chunk column by column ({@code [property][row]}), reading each entity through one accessor. A
	 * value whose type the converter would pass through unchanged is rendered without asking it: per value, the
	 * converter's lookups cost more than the rendering.
	 */
	private String[][] texts(List<T> chunk, List<RelationalPersistentProperty> properties) {
		String[][] texts = new String[properties.size()][chunk.size()];
		boolean[] direct = new boolean[properties.size()];
		for (int p = 0; p < direct.length; p++) {
			direct[p] = this.direct.contains(properties.get(p));
		}
		for (int row = 0; row < chunk.size(); row++) {
			PersistentPropertyAccessor<T> accessor = this.model.accessor(chunk.get(row));
			for (int p = 0; p < direct.length; p++) {
				RelationalPersistentProperty property = properties.get(p);
				Object value = accessor.getProperty(property);
				if (value != null && !direct[p]) {
					value = this.converter.writeValue(value, property.getTypeInformation());
				}
				texts[p][row] = text(value);
			}
		}
		return texts;
	}

	/**
	 * The properties whose values {@link #text} renders as they are: no custom conversion applies to them, and
	 * their type is one the converter writes unchanged (or, for an enum, as its name; for a collection, element by
	 * element).
	 */
	private static Set<RelationalPersistentProperty> direct(List<RelationalPersistentProperty> properties,
			R2dbcConverter converter) {
		if (!(converter instanceof AbstractRelationalConverter relational)) {
			return Set.of();
		}
		CustomConversions conversions = relational.getConversions();
		Set<RelationalPersistentProperty> direct = new HashSet<>();
		for (RelationalPersistentProperty property : properties) {
			if (property.isEntity() || property.isEmbedded() || conversions.hasValueConverter(property)) {
				continue;
			}
			Class<?> type = property.isCollectionLike() ? property.getActualType() : property.getType();
			if (passedThrough(ClassUtils.resolvePrimitiveIfNecessary(type)) && !conversions.hasCustomWriteTarget(type)) {
				direct.add(property);
			}
		}
		return Set.copyOf(direct);
	}

	private static boolean passedThrough(Class<?> type) {
		return type == String.class || type == Integer.class || type == Long.class || type == Short.class
				|| type == Boolean.class || type == UUID.class || type == BigDecimal.class || type == Json.class
				|| type.isEnum();
	}

	/**
	 * Runs one chunk statement and emits the number of rows it wrote; for an {@code @Audited} entity the same
	 * statement appends one audit entry for the chunk.
	 */
	private Mono<Long> run(String sql, List<?> parameters, AuditAction action) {
		AuditedWrites audited = this.audit;
		if (audited == null) {
			return bindAll(this.client.sql(sql), parameters).fetch().rowsUpdated();
		}
		return audited.bind(bindAll(this.client.sql(audited.bulk(sql, parameters.size(), action)), parameters),
				parameters.size())
			.flatMap(spec -> spec.map((row, metadata) -> Objects.requireNonNull(row.get(0, Long.class))).one());
	}

	private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, List<?> parameters) {
		for (int i = 0; i < parameters.size(); i++) {
			Object parameter = parameters.get(i);
			// Only the actor of a soft delete may be null.
			spec = (parameter != null) ? spec.bind(i, parameter) : spec.bindNull(i, String.class);
		}
		return spec;
	}

	/**
	 * Renders a value in PostgreSQL's text input form.
	 */
	static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String string) {
			return string;
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof Json json) {
			return json.asString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof ZonedDateTime zoned) {
			return zoned.toOffsetDateTime().toString();
		}
		if (value instanceof OffsetDateTime offset) {
			return offset.toString();
		}
		if (value instanceof byte[] bytes) {
			return "\\x" + HexFormat.of().formatHex(bytes);
		}
		if (value instanceof Collection<?> collection) {
			return arrayLiteral(collection);
		}
		if (value instanceof Object[] array) {
			return arrayLiteral(List.of(array));
		}
		return value.toString();
	}

	private static String arrayLiteral(Collection<?> elements) {
		StringBuilder literal = new StringBuilder("{");
		for (Object element : elements) {
			if (literal.length() > 1) {
				literal.append(',');
			}
			String text = text(element);
			if (text == null) {
				literal.append("NULL");
			}
			else {
				literal.append('"');
				for (int i = 0; i < text.length(); i++) {
					char c = text.charAt(i);
					if (c == '"' || c == '\\') {
						literal.append('\\');
					}
					literal.append(c);
				}
				literal.append('"');
			}
		}
		return literal.append('}').toString();
	}

	private static boolean allNull(String[] values) {
		for (String value : values) {
			if (value != null) {
				return false;
			}
		}
		return true;
	}

	private static String markers(int count) {
		StringBuilder markers = new StringBuilder();
		for (int i = 1; i <= count; i++) {
			markers.append((i > 1) ? ", " : "").append('$').append(i).append("::text[]");
		}
		return markers.toString();
	}

	private static String aliases(int count) {
		StringBuilder aliases = new StringBuilder();
		for (int i = 1; i <= count; i++) {
			aliases.append((i > 1) ? ", " : "").append('c').append(i);
		}
		return aliases.toString();
	}

	private static void requireChunkSize(int chunkSize) {
		if (chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be at least 1");
		}
	}

	/**
	 * One chunk's statement, converted and ready to run; {@code versioned} when fewer rows written than
	 * {@code rows} means a version conflict.
	 */
	private record ChunkStatement(String sql, List<String[]> parameters, AuditAction action, int rows,
			boolean versioned) {
	}

}
