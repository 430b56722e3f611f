package dev.reactivedata.demo.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the API-key hasher from {@code demo.api-keys.hmac-secret} and the key cache from
 * {@code demo.api-keys.cache.*}, and binds the rate limits of {@code demo.rate-limit.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ApiKeyCacheProperties.class, RateLimitProperties.class })
class ApiKeysConfiguration {

	@Bean
	ApiKeyHasher apiKeyHasher(@Value("${demo.api-keys.hmac-secret}") String secret) {
		return new ApiKeyHasher(secret);
	}

}
