package dev.reactivedata.cache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed on a {@code spring.data.redis.url} holding several URLs: a key given twice (two
 * {@code --spring.data.redis.url} arguments) is joined with a comma, which Boot's Redis configuration reads as
 * one URL with an unparseable port or database.
 */
final class RedisUrlFailureAnalyzer extends AbstractFailureAnalyzer<IllegalArgumentException> {

	private final Environment environment;

	RedisUrlFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalArgumentException cause) {
		String url = this.environment.getProperty("spring.data.redis.url");
		if (url == null || !url.contains(",")) {
			return null;
		}
		return new FailureAnalysis("spring.data.redis.url is '" + url + "', which holds several URLs joined by a "
				+ "comma (the key was given more than once), so no Redis address could be read from it.",
				"Set spring.data.redis.url once, as redis://[user:password@]host:port[/database] (rediss:// for TLS). "
						+ "For a Redis Cluster list the nodes in spring.data.redis.cluster.nodes instead.",
				cause);
	}

}
