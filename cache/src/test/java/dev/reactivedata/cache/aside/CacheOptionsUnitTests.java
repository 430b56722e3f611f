package dev.reactivedata.cache.aside;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class CacheOptionsUnitTests {

	@Test
	void defaultsSuitACache() {
		CacheOptions options = CacheOptions.builder().build();
		assertThat(options.ttl()).isEqualTo(Duration.ofMinutes(10));
		assertThat(options.failureThreshold()).isEqualTo(5);
		assertThat(options.openDuration()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.fenceWindow()).isLessThan(options.tombstoneTtl());
		assertThat(options.codec()).isInstanceOf(JacksonCacheCodec.class);
	}

	@Test
	void mutateCopies() {
		CacheOptions options = CacheOptions.builder().name("articles").ttl(Duration.ofSeconds(5)).build();
		CacheOptions copy = options.mutate().name("comments").build();
		assertThat(copy.ttl()).isEqualTo(Duration.ofSeconds(5));
		assertThat(copy.name()).isEqualTo("comments");
		assertThat(options.name()).isEqualTo("articles");
	}

	@Test
	void invalidValuesAreRejectedEagerly() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheOptions.builder().ttl(Duration.ZERO))
			.withMessageContaining("ttl must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheOptions.builder().name("a b"));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheOptions.builder().ttlJitter(1));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheOptions.builder().failureThreshold(0));
		assertThatNullPointerException().isThrownBy(() -> CacheOptions.builder().codec(null))
			.withMessage("codec must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheOptions.builder().fenceWindow(Duration.ofSeconds(10)).build())
			.withMessageContaining("must be shorter than tombstoneTtl");
	}

}
