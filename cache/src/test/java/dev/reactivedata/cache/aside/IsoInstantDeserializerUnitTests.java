package dev.reactivedata.cache.aside;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantDeserializerUnitTests {

	private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();

	private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

	@Test
	void readsWhatInstantWritesAsTheJdkReadsItAtEveryPrecision() {
		SplittableRandom random = new SplittableRandom(2026_11_29L);
		ChronoUnit[] precisions = { ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS, ChronoUnit.NANOS };
		for (int i = 0; i < 100_000; i++) {
			Instant written = Instant.ofEpochSecond(random.nextLong(FIRST_SECOND, LAST_SECOND + 1),
					random.nextInt(1_000_000_000)).truncatedTo(precisions[i % precisions.length]);
			String text = written.toString();
			assertThat(IsoInstantDeserializer.parseUtc(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(written);
		}
	}

	@Test
	void readsEveryFractionLengthAndTheEdgesOfTheCalendar() {
		for (String text : new String[] { "2026-11-29T13:45:12.1Z", "2026-11-29T13:45:12.12Z",
				"2026-11-29T13:45:12.123Z", "2026-11-29T13:45:12.1234Z", "2026-11-29T13:45:12.12345Z",
				"2026-11-29T13:45:12.123456Z", "2026-11-29T13:45:12.1234567Z", "2026-11-29T13:45:12.12345678Z",
				"2026-11-29T13:45:12.123456789Z", "2026-11-29T13:45:12.000000000Z", "0000-01-01T00:00:00Z",
				"1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
				"9999-12-31T23:59:59.999999999Z" }) {
			assertThat(IsoInstantDeserializer.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
		}
	}

	@Test
	void leavesEveryOtherFormToJackson() {
		for (String text : new String[] { "", "2026-11-29", "2026-11-29T13:45:12", "2026-11-29T13:45:12.Z",
				"2026-11-29T13:45:12.1234567890Z", "2026-11-29T13:45:12+01:00", "2026-11-29T13:45:12.5+00:00",
				"2026-11-29t13:45:12z", " 2026-11-29T13:45:12Z", "2026-11-29T13:45:12Z ", "+10000-01-01T00:00:00Z",
				"-0001-01-01T00:00:00Z", "2026-11-29T23:59:60Z", "2026-11-29T24:00:00Z", "2026-11-29T13:60:00Z",
				"2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
				"2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026/11/29T13:45:12Z", "2026-11-29 13:45:12Z",
				"2O26-11-29T13:45:12Z", "2026-11-29T13:45:12.12a4Z", "1764423912", "1764423912.5" }) {
			assertThat(IsoInstantDeserializer.parseUtc(text)).as(text).isNull();
		}
	}

}
