package dev.reactivedata.cache.aside;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson's {@link InstantDeserializer} with a fast path for the text Jackson writes by default, an ISO-8601
 * instant in UTC ({@code 2026-11-29T13:45:12.123456Z}): read digit by digit instead of by
 * {@link DateTimeFormatter#ISO_INSTANT}'s general parse, which took more of a cache hit's decoding than all the
 * other fields of an entity. Any other text (an offset, a leap second, a year past 9999, spaces, an invalid date)
 * and every other token go to Jackson's own code, so its options, errors and {@code @JsonFormat} stay as they are.
 */
final class IsoInstantDeserializer extends InstantDeserializer<Instant> {

	private static final int[] NANOS_PER_DIGIT = { 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
			10, 1 };

	private static final int SHORTEST = "0000-00-00T00:00:00Z".length();

	private static final int LONGEST = "0000-00-00T00:00:00.000000000Z".length();

	private IsoInstantDeserializer() {
		super(InstantDeserializer.INSTANT, DateTimeFormatter.ISO_INSTANT);
	}

	/** @return a module that reads {@link Instant}s with this deserializer */
	static SimpleModule module() {
		return new SimpleModule("reactivedata-iso-instant").addDeserializer(Instant.class, new IsoInstantDeserializer());
	}

	@Override
	protected Instant _fromString(JsonParser parser, DeserializationContext context, String text) {
		Instant instant = parseUtc(text);
		return (instant != null) ? instant : super._fromString(parser, context, text);
	}

	/**
	 * Reads {@code yyyy-MM-ddTHH:mm:ssZ}, with an optional fraction of one to nine digits before the {@code Z}.
	 * @param text the text
	 * @return the instant, or {@code null} when the text has another form or is not a valid date and time
	 */
	static @Nullable Instant parseUtc(String text) {
		int length = text.length();
		if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
				|| text.charAt(length - 1) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59 || day > lengthOfMonth(year, month)) {
			return null;
		}
		int nanos = 0;
		if (length > SHORTEST) {
			// The point takes the place of the Z of the shortest form, the digits follow it.
			int fractionDigits = length - SHORTEST - 1;
			int fraction = digits(text, SHORTEST, fractionDigits);
			if (text.charAt(SHORTEST - 1) != '.' || fraction < 0) {
				return null;
			}
			nanos = fraction * NANOS_PER_DIGIT[fractionDigits - 1];
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
	}

	private static int lengthOfMonth(int year, int month) {
		return switch (month) {
			case 2 -> Year.isLeap(year) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	/** @return the decimal value of {@code count} digits from {@code start}, or -1 when one is not a digit */
	private static int digits(String text, int start, int count) {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			int digit = text.charAt(i) - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

}
