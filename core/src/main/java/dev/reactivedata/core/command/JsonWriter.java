package dev.reactivedata.core.command;

import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Iterator;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes the reports of the operations (records, lists, maps, strings, numbers) as JSON for {@code --format json},
 * without a JSON library on the command line's class path.
 */
final class JsonWriter {

	private JsonWriter() {
	}

	static String write(@Nullable Object value) {
		StringBuilder json = new StringBuilder();
		append(json, value);
		return json.toString();
	}

	private static void append(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Boolean || value instanceof Number) {
			json.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				string(json, String.valueOf(entry.getKey()));
				json.append(':');
				append(json, entry.getValue());
				if (entries.hasNext()) {
					json.append(',');
				}
			}
			json.append('}');
		}
		else if (value instanceof Iterable<?> items) {
			json.append('[');
			Iterator<?> iterator = items.iterator();
			while (iterator.hasNext()) {
				append(json, iterator.next());
				if (iterator.hasNext()) {
					json.append(',');
				}
			}
			json.append(']');
		}
		else if (value instanceof Record record) {
			json.append('{');
			RecordComponent[] components = record.getClass().getRecordComponents();
			for (int i = 0; i < components.length; i++) {
				string(json, components[i].getName());
				json.append(':');
				try {
					components[i].getAccessor().setAccessible(true);
					append(json, components[i].getAccessor().invoke(record));
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException("Cannot read " + components[i], ex);
				}
				if (i < components.length - 1) {
					json.append(',');
				}
			}
			json.append('}');
		}
		else if (value instanceof Enum<?> || value instanceof TemporalAccessor || value instanceof CharSequence) {
			string(json, value.toString());
		}
		else {
			string(json, value.toString());
		}
	}

	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
