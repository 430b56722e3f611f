package dev.reactivedata.core.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.PostgresTypeIdentifier;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.message.Format;
import org.jspecify.annotations.Nullable;

/**
 * Decodes {@code timestamptz} columns sent as text into {@link Instant}, from the ISO form PostgreSQL writes
 * ({@code 2026-11-29 18:11:33.123456+00}, offsets such as {@code +05:30} or {@code -00:44:30}), and hands any other
 * text, and the encoding of {@link Instant} parameters, to the driver's codec. Its {@link CodecMetadata} is what
 * puts it ahead of the driver's codec: the driver's codec lookup caches the codecs that declare their types before
 * it asks the others.
 */
final class TimestamptzInstantCodec implements Codec<Instant>, CodecMetadata {

	/** PostgreSQL's type oid of {@code timestamptz}. */
	static final int TIMESTAMPTZ = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();

	private static final List<Format> FORMATS = List.of(Format.FORMAT_TEXT);

	private static final List<PostgresTypeIdentifier> DATA_TYPES = List.of(PostgresqlObjectId.TIMESTAMPTZ);

	// "YYYY-MM-DD HH:MM:SS+HH", the shortest form with a four-digit year.
	private static final int SHORTEST = 22;

	private static final int[] NANOS_SCALE = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10,
			1 };

	private final Codec<Instant> driverCodec;

	TimestamptzInstantCodec(Codec<Instant> driverCodec) {
		this.driverCodec = driverCodec;
	}

	@Override
	public boolean canDecode(int dataType, Format format, Class<?> type) {
		return dataType == TIMESTAMPTZ && format == Format.FORMAT_TEXT && type == Instant.class;
	}

	@Override
	public @Nullable Instant decode(@Nullable ByteBuf buffer, int dataType, Format format,
			Class<? extends Instant> type) {
		if (buffer == null) {
			return null;
		}
		Instant parsed = parse(buffer);
		if (parsed != null) {
			buffer.skipBytes(buffer.readableBytes());
			return parsed;
		}
		return this.driverCodec.decode(buffer, dataType, format, type);
	}

	/**
	 * Parses the readable bytes without moving the reader index.
	 * @return the instant, or {@code null} when the text is not in the form this codec reads
	 */
	static @Nullable Instant parse(ByteBuf text) {
		int start = text.readerIndex();
		int end = text.writerIndex();
		if (end - start < SHORTEST || !separators(text, start)) {
			return null;
		}
		int year = digits(text, start, 4);
		int month = digits(text, start + 5, 2);
		int day = digits(text, start + 8, 2);
		int hour = digits(text, start + 11, 2);
		int minute = digits(text, start + 14, 2);
		int second = digits(text, start + 17, 2);
		if (year < 1 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
				|| hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
			return null;
		}
		int position = start + 19;
		int nanos = 0;
		if (text.getByte(position) == '.') {
			int fraction = ++position;
			while (position < end && isDigit(text.getByte(position))) {
				nanos = nanos * 10 + (text.getByte(position) - '0');
				position++;
			}
			int length = position - fraction;
			if (length == 0 || length > 9) {
				return null;
			}
			nanos *= NANOS_SCALE[length];
		}
		if (end - position < 3) {
			return null;
		}
		byte sign = text.getByte(position);
		int offsetHours = digits(text, position + 1, 2);
		position += 3;
		int offsetMinutes = 0;
		int offsetSeconds = 0;
		if (end - position >= 3 && text.getByte(position) == ':') {
			offsetMinutes = digits(text, position + 1, 2);
			position += 3;
			if (end - position >= 3 && text.getByte(position) == ':') {
				offsetSeconds = digits(text, position + 1, 2);
				position += 3;
			}
		}
		if (position != end || (sign != '+' && sign != '-') || offsetHours < 0 || offsetHours > 18
				|| offsetMinutes < 0 || offsetMinutes > 59 || offsetSeconds < 0 || offsetSeconds > 59) {
			return null;
		}
		int offset = offsetHours * 3600 + offsetMinutes * 60 + offsetSeconds;
		long localSeconds = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600 + minute * 60 + second;
		return Instant.ofEpochSecond(localSeconds - ((sign == '+') ? offset : -offset), nanos);
	}

	private static boolean separators(ByteBuf text, int start) {
		return text.getByte(start + 4) == '-' && text.getByte(start + 7) == '-' && text.getByte(start + 10) == ' '
				&& text.getByte(start + 13) == ':' && text.getByte(start + 16) == ':';
	}

	/** The value of {@code count} decimal digits at {@code index}, or a negative number when one is not a digit. */
	private static int digits(ByteBuf text, int index, int count) {
		int value = 0;
		for (int i = index; i < index + count; i++) {
			byte digit = text.getByte(i);
			if (!isDigit(digit)) {
				return -1;
			}
			value = value * 10 + (digit - '0');
		}
		return value;
	}

	private static boolean isDigit(byte candidate) {
		return candidate >= '0' && candidate <= '9';
	}

	@Override
	public boolean canEncode(Object value) {
		return this.driverCodec.canEncode(value);
	}

	@Override
	public boolean canEncodeNull(Class<?> type) {
		return this.driverCodec.canEncodeNull(type);
	}

	@Override
	public EncodedParameter encode(Object value) {
		return this.driverCodec.encode(value);
	}

	@Override
	public EncodedParameter encode(Object value, int dataType) {
		return this.driverCodec.encode(value, dataType);
	}

	@Override
	public EncodedParameter encodeNull() {
		return this.driverCodec.encodeNull();
	}

	@Override
	public Class<?> type() {
		return Instant.class;
	}

	@Override
	public Iterable<Format> getFormats() {
		return FORMATS;
	}

	@Override
	public Iterable<? extends PostgresTypeIdentifier> getDataTypes() {
		return DATA_TYPES;
	}

	@Override
	public String toString() {
		return "TimestamptzInstantCodec";
	}

}
