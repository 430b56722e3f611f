package dev.reactivedata.core.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;


/**
 * Sort-key values of a cursor as text and back, by the property's declared type.
 */
final class KeyValues {

	private KeyValues() {
	}

	static String toText(Object value) {
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return value.toString();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Object fromText(String text, Class<?> type) {
		try {
			if (type == String.class) {
				return text;
			}
			if (type == UUID.class) {
				return UUID.fromString(text);
			}
			if (type == Instant.class) {
				return Instant.parse(text);
			}
			if (type == OffsetDateTime.class) {
				return OffsetDateTime.parse(text);
			}
			if (type == LocalDateTime.class) {
				return LocalDateTime.parse(text);
			}
			if (type == LocalDate.class) {
				return LocalDate.parse(text);
			}
			if (type == Integer.class || type == int.class) {
				return Integer.valueOf(text);
			}
			if (type == Long.class || type == long.class) {
				return Long.valueOf(text);
			}
			if (type == Short.class || type == short.class) {
				return Short.valueOf(text);
			}
			if (type == BigDecimal.class) {
				return new BigDecimal(text);
			}
			if (type == Boolean.class || type == boolean.class) {
				return Boolean.valueOf(text);
			}
			if (type.isEnum()) {
				return Enum.valueOf((Class<? extends Enum>) type, text);
			}
		}
		catch (RuntimeException ex) {
			throw CursorCodec.invalid();
		}
		throw new IllegalStateException("Cannot scroll by a property of type " + type.getName());
	}

}
