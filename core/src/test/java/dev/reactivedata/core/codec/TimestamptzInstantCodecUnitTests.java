package dev.reactivedata.core.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.r2dbc.postgresql.codec.DefaultCodecs;
import io.r2dbc.postgresql.message.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class TimestamptzInstantCodecUnitTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"2026-11-29 18:11:33+00         | 2026-11-29T18:11:33Z",
			"2026-11-29 18:11:33.1+00       | 2026-11-29T18:11:33.100Z",
			"2026-11-29 18:11:33.123456+00  | 2026-11-29T18:11:33.123456Z",
			"2026-11-29 23:41:33.5+05:30    | 2026-11-29T18:11:33.500Z",
			"2026-11-29 14:41:33-03:30      | 2026-11-29T18:11:33Z",
			"1970-01-01 00:00:00-00:44:30   | 1970-01-01T00:44:30Z",
			"2024-02-29 00:00:00+14         | 2024-02-28T10:00:00Z",
			"0001-01-01 00:00:00+00         | 0001-01-01T00:00:00Z",
			"9999-12-31 23:59:59.999999+00  | 9999-12-31T23:59:59.999999Z" })
	void readsTheIsoFormPostgresqlWrites(String text, String expected) {
		ByteBuf buffer = ascii(text);
		assertThat(TimestamptzInstantCodec.parse(buffer)).isEqualTo(Instant.parse(expected));
		assertThat(buffer.readerIndex()).as("parse leaves the buffer to the caller").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "infinity", "-infinity", "0044-03-15 12:00:00+00 BC", "10000-01-01 00:00:00+00",
			"2026-13-01 00:00:00+00", "2026-02-29 00:00:00+00", "2026-11-29 24:00:00+00", "2026-11-29 18:11:33",
			"2026-11-29 18:11:33.+00", "2026-11-29 18:11:33.1234567890+00", "2026-11-29 18:11:33*00",
			"2026-11-29 18:11:33+0", "2026-11-29 18:11:33+05:3", "2026-11-29 18:11:33+19", "2026-11-29T18:11:33+00",
			"2026-11-29 18:11:33+00:60" })
	void leavesAnyOtherTextToTheDriver(String text) {
		assertThat(TimestamptzInstantCodec.parse(ascii(text))).isNull();
	}

	@Test
	void decodesWhatItCannotReadWithTheDriversCodec() {
		TimestamptzInstantCodec codec = new TimestamptzInstantCodec(driverInstantCodec());
		assertThat(codec.decode(ascii("0044-03-15 12:00:00+00 BC"), TimestamptzInstantCodec.TIMESTAMPTZ,
				Format.FORMAT_TEXT, Instant.class)).isEqualTo(Instant.parse("-0043-03-15T12:00:00Z"));
		assertThat(codec.decode(ascii("2026-11-29 18:11:33.25+01"), TimestamptzInstantCodec.TIMESTAMPTZ,
				Format.FORMAT_TEXT, Instant.class)).isEqualTo(Instant.parse("2026-11-29T17:11:33.250Z"));
	}

	@Test
	void decodesOnlyTimestamptzTextIntoInstant() {
		TimestamptzInstantCodec codec = new TimestamptzInstantCodec(driverInstantCodec());
		assertThat(codec.canDecode(TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class)).isTrue();
		assertThat(codec.canDecode(TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_BINARY, Instant.class)).isFalse();
		assertThat(codec.canDecode(TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Object.class)).isFalse();
		assertThat(codec.canDecode(1114, Format.FORMAT_TEXT, Instant.class)).as("timestamp without time zone").isFalse();
	}

	@Test
	void takesOverTheDriversDecodingOnceRegistered() {
		DefaultCodecs codecs = new DefaultCodecs(ByteBufAllocator.DEFAULT);
		TextBuffer before = new TextBuffer("2026-11-29 18:11:33.25+01");
		assertThat(codecs.decode(before, TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class))
			.isEqualTo(Instant.parse("2026-11-29T17:11:33.250Z"));
		assertThat(before.readAsString).as("the driver reads the text as a string").isTrue();

		StepVerifier.create(new ReactiveDataCodecs().register(null, ByteBufAllocator.DEFAULT, codecs)).verifyComplete();
		TextBuffer after = new TextBuffer("2026-11-29 18:11:33.25+01");
		assertThat(codecs.decode(after, TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class))
			.isEqualTo(Instant.parse("2026-11-29T17:11:33.250Z"));
		assertThat(after.readAsString).as("our codec reads the digits in place").isFalse();
		TextBuffer bc = new TextBuffer("0044-03-15 12:00:00+00 BC");
		assertThat(codecs.decode(bc, TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class))
			.isEqualTo(Instant.parse("-0043-03-15T12:00:00Z"));
		assertThat(bc.readAsString).as("what it cannot read goes to the driver").isTrue();
	}

	@SuppressWarnings("unchecked")
	private static io.r2dbc.postgresql.codec.Codec<Instant> driverInstantCodec() {
		for (io.r2dbc.postgresql.codec.Codec<?> codec : new DefaultCodecs(ByteBufAllocator.DEFAULT)) {
			if (codec.canDecode(TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class)) {
				return (io.r2dbc.postgresql.codec.Codec<Instant>) codec;
			}
		}
		throw new IllegalStateException("r2dbc-postgresql has no codec of timestamptz text into Instant");
	}

	/** A text column's bytes that tell whether they were read as a string, as the driver's codec reads them. */
	private static final class TextBuffer extends UnpooledHeapByteBuf {

		boolean readAsString;

		TextBuffer(String text) {
			super(ByteBufAllocator.DEFAULT, text.getBytes(StandardCharsets.US_ASCII), text.length());
		}

		@Override
		public CharSequence readCharSequence(int length, Charset charset) {
			this.readAsString = true;
			return super.readCharSequence(length, charset);
		}

	}

	private static ByteBuf ascii(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
	}

}
