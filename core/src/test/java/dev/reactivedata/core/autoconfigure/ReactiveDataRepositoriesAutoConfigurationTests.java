package dev.reactivedata.core.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.reactivedata.core.repository.CursorCodec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataRepositoriesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveDataRepositoriesAutoConfiguration.class));

	@Test
	void providesARandomCursorCodecWithoutSecret() {
		this.runner.run(context -> assertThat(context).hasSingleBean(CursorCodec.class));
	}

	@Test
	void providesACursorCodecFromTheConfiguredSecret() {
		this.runner.withPropertyValues("reactivedata.core.repositories.cursor-secret=a shared secret of this service")
			.run(context -> assertThat(context).hasSingleBean(CursorCodec.class));
	}

	@Test
	void backsOffForAUserCodec() {
		this.runner.withUserConfiguration(UserCodec.class)
			.run(context -> assertThat(context).getBean(CursorCodec.class).isSameAs(context.getBean(UserCodec.class).codec));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCodec {

		final CursorCodec codec;

		UserCodec() throws Exception {
			this.codec = CursorCodec.withSecret(MessageDigest.getInstance("SHA-256").digest("user".getBytes(StandardCharsets.UTF_8)));
		}

		@Bean
		CursorCodec userCursorCodec() {
			return this.codec;
		}

	}

}
