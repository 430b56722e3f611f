package dev.reactivedata.core.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.reactivedata.core.repository.CursorCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactoryBean;

/**
 * Provides the {@link CursorCodec} that signs keyset cursors of {@code ReactiveDataRepository}s, keyed from
 * {@code reactivedata.core.repositories.cursor-secret} (a random, process-local key when unset).
 */
@AutoConfiguration
@ConditionalOnClass(R2dbcRepositoryFactoryBean.class)
@EnableConfigurationProperties(ReactiveDataCoreProperties.class)
public final class ReactiveDataRepositoriesAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ReactiveDataRepositoriesAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	CursorCodec reactiveDataCursorCodec(ReactiveDataCoreProperties properties) {
		String secret = properties.getRepositories().getCursorSecret();
		if (secret == null || secret.isEmpty()) {
			logger.info("No reactivedata.core.repositories.cursor-secret set: scroll cursors are valid in this process only");
			return CursorCodec.random();
		}
		try {
			return CursorCodec.withSecret(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is unavailable", ex);
		}
	}

}
