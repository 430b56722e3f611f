package dev.reactivedata.core.repository;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.reactivedata.core.query.InvalidQueryException;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CursorCodecUnitTests {

	private final CursorCodec codec = CursorCodec.withSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

	private final List<CursorCodec.Key> keys = List.of(new CursorCodec.Key("createdAt", Sort.Direction.DESC, "2024-01-01T00:00:00Z"),
			new CursorCodec.Key("id", Sort.Direction.DESC, "0b0f9a5e-34f7-4f37-8c47-51b1cba0c0a1"));

	@Test
	void roundTrips() {
		assertThat(this.codec.decode(this.codec.encode(this.keys))).isEqualTo(this.keys);
	}

	@Test
	void cursorIsOpaqueUrlSafeText() {
		assertThat(this.codec.encode(this.keys)).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void everyAlteredCharacterIsRefused() {
		String cursor = this.codec.encode(this.keys);
		for (int i = 0; i < cursor.length(); i++) {
			char[] chars = cursor.toCharArray();
			chars[i] = (chars[i] == 'x') ? 'y' : 'x';
			String altered = new String(chars);
			assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> this.codec.decode(altered));
		}
	}

	@Test
	void otherSecretIsRefused() {
		String cursor = CursorCodec.random().encode(this.keys);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> this.codec.decode(cursor));
	}

	@Test
	void garbageIsRefused() {
		for (String garbage : List.of("", "!!!", "AAAA", "x".repeat(5000))) {
			assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> this.codec.decode(garbage));
		}
	}

}
