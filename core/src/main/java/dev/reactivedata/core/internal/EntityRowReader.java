package dev.reactivedata.core.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.data.convert.CustomConversions;
import org.springframework.data.mapping.Parameter;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiator;
import org.springframework.data.mapping.model.ParameterValueProvider;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.conversion.AbstractRelationalConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * Reads rows of {@link EntityModel#selectList()} straight into entities: each column is fetched by position as
 * the type the driver decodes natively and adapted (enum names, arrays to lists), then the entity is instantiated
 * through Spring Data's instantiator and its other properties set. Spring Data's converter first copies every row
 * into a document and converts each value generically, which costs several times the driver's own decoding; this
 * reader is used only when every property has a plain type (no custom or value converters, no embedded entities),
 * and otherwise defers to the converter.
 */
final class EntityRowReader<T> implements BiFunction<Row, RowMetadata, T> {

	private static final Set<Class<?>> NATIVE = Set.of(String.class, UUID.class, Integer.class, Long.class, Short.class,
			Boolean.class, Double.class, Float.class, BigDecimal.class, Instant.class, OffsetDateTime.class, LocalDateTime.class,
			LocalDate.class, LocalTime.class, byte[].class, Json.class);

	private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(int.class, Integer.class, long.class, Long.class,
			short.class, Short.class, boolean.class, Boolean.class, double.class, Double.class, float.class, Float.class);

	private final RelationalPersistentEntity<T> entity;

	private final EntityInstantiator instantiator;

	private final Column[] columns;

	private final Map<String, Integer> positions = new HashMap<>();

	private EntityRowReader(RelationalPersistentEntity<T> entity, EntityInstantiator instantiator, Column[] columns) {
		this.entity = entity;
		this.instantiator = instantiator;
		this.columns = columns;
		for (int i = 0; i < columns.length; i++) {
			this.positions.put(columns[i].property().getName(), i);
		}
	}

	/**
	 * Returns a reader for rows whose columns are the given properties in order.
	 */
	static <T> BiFunction<Row, RowMetadata, T> create(RelationalPersistentEntity<T> entity,
			List<RelationalPersistentProperty> properties, R2dbcConverter converter) {
		Class<T> type = entity.getType();
		BiFunction<Row, RowMetadata, T> generic = (row, metadata) -> converter.read(type, row, metadata);
		@Nullable CustomConversions conversions = (converter instanceof AbstractRelationalConverter relational)
				? relational.getConversions() : null;
		if (conversions == null) {
			return generic;
		}
		Column[] columns = new Column[properties.size()];
		for (int i = 0; i < columns.length; i++) {
			Column column = column(properties.get(i), conversions);
			if (column == null) {
				return generic;
			}
			columns[i] = column;
		}
		return new EntityRowReader<>(entity, converter.getEntityInstantiators().getInstantiatorFor(entity), columns);
	}

	@Override
	public T apply(Row row, RowMetadata metadata) {
		Object[] values = new Object[this.columns.length];
		for (int i = 0; i < values.length; i++) {
			Column column = this.columns[i];
			Object raw = row.get(i, column.requested());
			values[i] = (raw != null) ? column.adapt().apply(raw) : null;
		}
		T instance = this.instantiator.createInstance(this.entity, new ParameterValueProvider<RelationalPersistentProperty>() {
			@Override
			@SuppressWarnings("unchecked")
			public <V> @Nullable V getParameterValue(Parameter<V, RelationalPersistentProperty> parameter) {
				Integer position = parameter.hasName() ? EntityRowReader.this.positions.get(parameter.getName()) : null;
				Object value = (position != null) ? values[position] : null;
				return (V) ((value != null) ? value : ParameterValueProvider.getDefaultValue(parameter.getRawType()));
			}
		});
		PersistentPropertyAccessor<T> accessor = this.entity.getPropertyAccessor(instance);
		for (int i = 0; i < values.length; i++) {
			RelationalPersistentProperty property = this.columns[i].property();
			if (values[i] != null && !this.entity.isCreatorArgument(property)) {
				accessor.setProperty(property, values[i]);
			}
		}
		return accessor.getBean();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static @Nullable Column column(RelationalPersistentProperty property, CustomConversions conversions) {
		if (property.isEntity() || property.isEmbedded() || conversions.hasValueConverter(property)) {
			return null;
		}
		Class<?> type = WRAPPERS.getOrDefault(property.getType(), property.getType());
		if (NATIVE.contains(type)) {
			return conversions.hasCustomReadTarget(type, type) ? null : new Column(property, type, Function.identity());
		}
		if (type.isEnum()) {
			return conversions.hasCustomReadTarget(String.class, type) ? null
					: new Column(property, String.class, name -> Enum.valueOf((Class<? extends Enum>) type, (String) name));
		}
		if (type.isArray() && NATIVE.contains(type.getComponentType())) {
			return new Column(property, type, Function.identity());
		}
		if (Collection.class.isAssignableFrom(type) && type.isAssignableFrom(ArrayList.class) || type == Set.class) {
			Class<?> element = property.getActualType();
			if (!NATIVE.contains(element) || element == byte[].class) {
				return null;
			}
			Class<?> arrayType = java.lang.reflect.Array.newInstance(element, 0).getClass();
			Function<Object, Object> adapt = (type == Set.class) ? array -> new LinkedHashSet<>(Arrays.asList((Object[]) array))
					: array -> new ArrayList<>(Arrays.asList((Object[]) array));
			return new Column(property, arrayType, adapt);
		}
		return null;
	}

	private record Column(RelationalPersistentProperty property, Class<?> requested, Function<Object, Object> adapt) {
	}

}
