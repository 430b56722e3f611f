package dev.reactivedata.demo.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process cache of authenticated API keys ({@code demo.api-keys.cache.*}), which keeps SQL off the hot path.
 *
 * @param ttl how long a known key is trusted without asking the database again; bounds how long a key revoked on
 * another instance keeps working here
 * @param negativeTtl how long an unknown key is answered 401 without asking the database again
 * @param maximumSize how many keys (known and unknown) are kept at most
 */
@ConfigurationProperties("demo.api-keys.cache")
record ApiKeyCacheProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("10s") Duration negativeTtl,
		@DefaultValue("10000") long maximumSize) {

	ApiKeyCacheProperties {
		if (ttl.isNegative() || negativeTtl.isNegative()) {
			throw new IllegalArgumentException("demo.api-keys.cache.ttl and negative-ttl must not be negative");
		}
		if (maximumSize < 1) {
			throw new IllegalArgumentException("demo.api-keys.cache.maximum-size must be at least 1");
		}
	}

}
