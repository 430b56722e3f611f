package dev.reactivedata.cache.declarative;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.cache.aside.CacheCodec;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

/**
 * JSON that carries its type, for caches whose values are whatever the cached methods return: the class name (for
 * a list, {@code [} and its first element's class), a newline, then the value as JSON. A class that no longer
 * exists or no longer reads the JSON makes the entry undecodable, which the cache reads as a miss and overwrites.
 * Only the application writes these entries: the class names come from Redis, so Redis must be trusted as the
 * application's own store.
 */
final class TypedJsonCacheCodec implements CacheCodec {

	private static final byte SEPARATOR = '\n';

	private final JsonMapper mapper;

	private final ClassLoader classLoader;

	/** The types seen so far by tag: a hit resolves no class by name. */
	private final Map<String, JavaType> types = new ConcurrentHashMap<>();

	TypedJsonCacheCodec(JsonMapper mapper, ClassLoader classLoader) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
	}

	@Override
	public byte[] encode(Object value) {
		String tag = (value instanceof List<?> list) ? "[" + elementType(list).getName() : value.getClass().getName();
		byte[] type = tag.getBytes(StandardCharsets.UTF_8);
		byte[] json = this.mapper.writeValueAsBytes(value);
		byte[] encoded = new byte[type.length + 1 + json.length];
		System.arraycopy(type, 0, encoded, 0, type.length);
		encoded[type.length] = SEPARATOR;
		System.arraycopy(json, 0, encoded, type.length + 1, json.length);
		return encoded;
	}

	@Override
	public <T> T decode(byte[] bytes, Class<T> type) {
		return decode(bytes, 0, bytes.length, type);
	}

	@Override
	public <T> T decode(byte[] bytes, int offset, int length, Class<T> type) {
		int end = offset + length;
		int separator = offset;
		while (separator < end && bytes[separator] != SEPARATOR) {
			separator++;
		}
		if (separator == end) {
			throw new IllegalStateException("The entry does not start with its type");
		}
		String tag = new String(bytes, offset, separator - offset, StandardCharsets.UTF_8);
		JavaType javaType = this.types.get(tag);
		if (javaType == null) {
			javaType = tag.startsWith("[")
					? this.mapper.getTypeFactory().constructCollectionType(List.class, load(tag.substring(1)))
					: this.mapper.constructType(load(tag));
			this.types.put(tag, javaType);
		}
		if (!type.isAssignableFrom(javaType.getRawClass())) {
			throw new IllegalStateException("The entry holds a " + tag + ", not a " + type.getName());
		}
		return type.cast(this.mapper.readValue(bytes, separator + 1, end - separator - 1, javaType));
	}

	private Class<?> load(String name) {
		try {
			return ClassUtils.forName(name, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalStateException("The entry's class " + name + " cannot be loaded", ex);
		}
	}

	private static Class<?> elementType(List<?> list) {
		for (Object element : list) {
			if (element != null) {
				return element.getClass();
			}
		}
		return Object.class;
	}

}
