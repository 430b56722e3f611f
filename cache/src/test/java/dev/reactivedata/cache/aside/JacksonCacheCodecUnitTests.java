package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

class JacksonCacheCodecUnitTests {

	private final JacksonCacheCodec codec = new JacksonCacheCodec();

	record Stamped(String name, @Nullable Instant at, List<Instant> history) {
	}

	record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant at) {
	}

	@Test
	void defaultMapperReadsInstantsWithTheFastPath() {
		JsonMapper mapper = JacksonCacheCodec.defaultMapper();
		assertThat(mapper._deserializationContext().findRootValueDeserializer(mapper.constructType(Instant.class)))
			.isInstanceOf(IsoInstantDeserializer.class);
	}

	@Test
	void instantsRoundTripAtEveryPrecision() {
		Stamped stamped = new Stamped("a", Instant.parse("2026-11-29T13:45:12.123456Z"),
				List.of(Instant.parse("2026-11-29T13:45:12Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
						Instant.parse("2026-11-29T13:45:12.5Z")));
		assertThat(this.codec.decode(this.codec.encode(stamped), Stamped.class)).isEqualTo(stamped);
		Stamped unset = new Stamped("b", null, List.of());
		assertThat(this.codec.decode(this.codec.encode(unset), Stamped.class)).isEqualTo(unset);
	}

	@Test
	void otherFormsAreReadByJackson() {
		assertThat(decode("{\"name\":\"a\",\"at\":\"2026-11-29T14:45:12+01:00\",\"history\":[1795959912.5]}"))
			.isEqualTo(new Stamped("a", Instant.parse("2026-11-29T13:45:12Z"),
					List.of(Instant.parse("2026-11-29T13:45:12.5Z"))));
		assertThat(decode("{\"name\":\"a\",\"at\":\" 2026-11-29T13:45:12Z \",\"history\":[]}").at())
			.isEqualTo(Instant.parse("2026-11-29T13:45:12Z"));
		assertThat(this.codec.decode("{\"at\":\"2026-11-29 13:45\"}".getBytes(StandardCharsets.UTF_8), Formatted.class))
			.isEqualTo(new Formatted(Instant.parse("2026-11-29T13:45:00Z")));
	}

	@Test
	void anInvalidDateFailsAsWithJacksonAlone() {
		byte[] json = "{\"name\":\"a\",\"at\":\"2026-02-30T00:00:00Z\",\"history\":[]}"
			.getBytes(StandardCharsets.UTF_8);
		Throwable jackson = catchThrowable(() -> JsonMapper.builder().build().readValue(json, Stamped.class));
		assertThat(jackson).isInstanceOf(DatabindException.class);
		assertThatExceptionOfType(jackson.getClass()).isThrownBy(() -> this.codec.decode(json, Stamped.class))
			.withMessage(jackson.getMessage());
	}

	private Stamped decode(String json) {
		return this.codec.decode(json.getBytes(StandardCharsets.UTF_8), Stamped.class);
	}

}
