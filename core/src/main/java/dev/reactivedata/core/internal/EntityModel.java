package dev.reactivedata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.reactivedata.core.mapping.SoftDeletable;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.SqlIdentifier;

/**
 * A resolved, immutable view of a mapped entity: its table, its id, {@code @Version} and soft-delete
 * properties and the SQL names of its columns. Build one per entity type and mapping context, and keep it. Not API:
 * shared by the repository and bulk packages.
 *
 * @param <T> the entity type
 */
public final class EntityModel<T> {

	private final RelationalPersistentEntity<T> entity;

	private final String table;

	private final RelationalPersistentProperty id;

	private final @Nullable RelationalPersistentProperty version;

	private final @Nullable RelationalPersistentProperty softDelete;

	private final @Nullable RelationalPersistentProperty deletedBy;

	private final List<RelationalPersistentProperty> properties;

	private final String selectList;

	private final BiFunction<Row, RowMetadata, T> rowReader;

	private EntityModel(RelationalPersistentEntity<T> entity, R2dbcConverter converter) {
		this.entity = entity;
		this.table = entity.getQualifiedTableName().toSql(processing());
		this.id = entity.getRequiredIdProperty();
		this.version = entity.getVersionProperty();
		SoftDeletable soft = entity.findAnnotation(SoftDeletable.class);
		this.softDelete = (soft != null) ? entity.getRequiredPersistentProperty(soft.property()) : null;
		this.deletedBy = (soft != null) ? deletedBy(entity, soft) : null;
		List<RelationalPersistentProperty> columns = new ArrayList<>();
		entity.doWithProperties((RelationalPersistentProperty property) -> {
			if (property.isWritable() || property.isIdProperty()) {
				columns.add(property);
			}
		});
		this.properties = List.copyOf(columns);
		this.selectList = String.join(", ", this.properties.stream().map(EntityModel::column).toList());
		this.rowReader = EntityRowReader.create(entity, this.properties, converter);
	}

	/**
	 * Resolves the model of an entity type through the converter's mapping context.
	 * @param <T> the entity type
	 * @param type the entity class
	 * @param converter the converter whose mapping context knows the type
	 * @return the model
	 * @throws IllegalArgumentException when the type is not a mapped entity with an id
	 */
	@SuppressWarnings("unchecked")
	public static <T> EntityModel<T> of(Class<T> type, R2dbcConverter converter) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(converter, "converter must not be null");
		return new EntityModel<>((RelationalPersistentEntity<T>) converter.getMappingContext().getRequiredPersistentEntity(type),
				converter);
	}

	/** @return the Spring Data entity */
	public RelationalPersistentEntity<T> entity() {
		return this.entity;
	}

	/** @return the entity type */
	public Class<T> type() {
		return this.entity.getType();
	}

	/** @return the (possibly schema-qualified) table name as SQL */
	public String table() {
		return this.table;
	}

	/** @return the id property */
	public RelationalPersistentProperty id() {
		return this.id;
	}

	/** @return the {@code @Version} property, if any */
	public Optional<RelationalPersistentProperty> version() {
		return Optional.ofNullable(this.version);
	}

	/** @return the soft-delete property of a {@link SoftDeletable} entity, if any */
	public Optional<RelationalPersistentProperty> softDelete() {
		return Optional.ofNullable(this.softDelete);
	}

	/** @return the property of a {@link SoftDeletable} entity that records who deleted a row, if it maps one */
	public Optional<RelationalPersistentProperty> deletedBy() {
		return Optional.ofNullable(this.deletedBy);
	}

	/**
	 * Renders the {@code SET} list of a soft delete: the soft-delete column stamped with {@code now()}, the
	 * {@link #deletedBy()} column (if any) set to {@code actor}, and the version (if any) incremented.
	 * @param actor the SQL of the actor, such as a parameter marker {@code $2}
	 * @return the assignments
	 * @throws IllegalStateException when the entity is not {@link SoftDeletable}
	 */
	public String softDeleteAssignments(String actor) {
		return assignments("now()", actor);
	}

	/**
	 * Renders the {@code SET} list of a restore: the soft-delete and {@link #deletedBy()} columns cleared, the
	 * version (if any) incremented.
	 * @return the assignments
	 * @throws IllegalStateException when the entity is not {@link SoftDeletable}
	 */
	public String restoreAssignments() {
		return assignments("NULL", "NULL");
	}

	private String assignments(String deletedAt, String actor) {
		if (this.softDelete == null) {
			throw new IllegalStateException(type().getSimpleName() + " is not @SoftDeletable");
		}
		StringBuilder set = new StringBuilder(column(this.softDelete)).append(" = ").append(deletedAt);
		if (this.deletedBy != null) {
			set.append(", ").append(column(this.deletedBy)).append(" = ").append(actor);
		}
		if (this.version != null) {
			set.append(", ").append(column(this.version)).append(" = ").append(column(this.version)).append(" + 1");
		}
		return set.toString();
	}

	private static @Nullable RelationalPersistentProperty deletedBy(RelationalPersistentEntity<?> entity, SoftDeletable soft) {
		if (soft.deletedBy().isEmpty()) {
			return null;
		}
		RelationalPersistentProperty property = entity.getPersistentProperty(soft.deletedBy());
		if (property == null && !soft.deletedBy().equals(SoftDeletable.DEFAULT_DELETED_BY)) {
			throw new IllegalArgumentException(entity.getType().getSimpleName() + " has no property '" + soft.deletedBy()
					+ "' named by @SoftDeletable(deletedBy)");
		}
		return property;
	}

	/** @return the persistent properties that map to columns, id first as declared */
	public List<RelationalPersistentProperty> properties() {
		return this.properties;
	}

	/**
	 * Looks up a property by its name (not column).
	 * @param name the property name
	 * @return the property, or empty when the entity has none of that name
	 */
	public Optional<RelationalPersistentProperty> property(String name) {
		return Optional.ofNullable(this.entity.getPersistentProperty(name));
	}

	/** @return the comma-separated list of mapped columns, for {@code SELECT} */
	public String selectList() {
		return this.selectList;
	}

	/**
	 * Returns the function that reads a row selected with {@link #selectList()} (columns in that order) into an
	 * entity: directly from the driver's values when every property has a plain type, else through the converter.
	 * @return the row reader
	 */
	public BiFunction<Row, RowMetadata, T> rowReader() {
		return this.rowReader;
	}

	/**
	 * Returns a property accessor on the given entity instance.
	 * @param bean the entity
	 * @return the accessor
	 */
	public PersistentPropertyAccessor<T> accessor(T bean) {
		return this.entity.getPropertyAccessor(bean);
	}

	/**
	 * Returns a property's column as quoted SQL.
	 * @param property the property
	 * @return the column name
	 */
	public static String column(RelationalPersistentProperty property) {
		return property.getColumnName().toSql(processing());
	}

	/**
	 * Returns an identifier as SQL the way the PostgreSQL dialect renders it.
	 * @param identifier the identifier
	 * @return the SQL text
	 */
	public static String sql(SqlIdentifier identifier) {
		return identifier.toSql(processing());
	}

	private static IdentifierProcessing processing() {
		return PostgresDialect.INSTANCE.getIdentifierProcessing();
	}

}
