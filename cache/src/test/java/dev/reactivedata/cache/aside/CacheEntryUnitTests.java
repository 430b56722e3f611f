package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheEntryUnitTests {

	@Test
	void headerRoundTrips() {
		byte[] raw = CacheEntry.encode(CacheEntry.VALUE, 42, 1_700_000_000_000L, 17, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		CacheEntry entry = CacheEntry.decode(raw);
		assertThat(entry.kind()).isEqualTo(CacheEntry.VALUE);
		assertThat(entry.version()).isEqualTo(42);
		assertThat(entry.expiresAtMillis()).isEqualTo(1_700_000_000_000L);
		assertThat(entry.loadMillis()).isEqualTo(17);
		assertThat(new String(entry.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
	}

	@Test
	void headerStartsWithKindAndVersionForTheFencingScript() {
		byte[] raw = CacheEntry.encode(CacheEntry.TOMBSTONE, ReactiveCache.DELETED, 0, 0, new byte[0]);
		assertThat(new String(raw, StandardCharsets.US_ASCII)).isEqualTo("T9007199254740991|0|0|");
	}

	@Test
	void garbageIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheEntry.decode("hello".getBytes(StandardCharsets.UTF_8)));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheEntry.decode(new byte[0]));
	}

	@Test
	void globCharactersOfTheFixedPartAreEscaped() {
		assertThat(CacheStore.escapeGlob("rdl:[a]*?\\")).isEqualTo("rdl:\\[a\\]\\*\\?\\\\");
	}

}
