package dev.reactivedata.cache.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlFailureAnalyzerUnitTests {

	@Test
	void explainsAUrlGivenTwice() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url",
				"redis://a:6379,redis://b:6379");
		FailureAnalysis analysis = new RedisUrlFailureAnalyzer(environment)
			.analyze(new IllegalStateException(new NumberFormatException("For input string: \"/b:6379\"")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'redis://a:6379,redis://b:6379'").contains("more than once");
		assertThat(analysis.getAction()).contains("Set spring.data.redis.url once");
	}

	@Test
	void leavesOtherFailuresAlone() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url", "redis://a:6379");
		assertThat(new RedisUrlFailureAnalyzer(environment).analyze(new NumberFormatException("x"))).isNull();
	}

}
