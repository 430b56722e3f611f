package dev.reactivedata.demo.article;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.reactivedata.demo.auth.ApiClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.auditing.DateTimeProvider;
import org.springframework.data.domain.ReactiveAuditorAware;
import org.springframework.data.r2dbc.config.EnableR2dbcAuditing;

/**
 * Fills the audit columns ({@code created_by}, {@code updated_by} and the timestamps) from the caller in the
 * Reactor Context. Timestamps are taken at the database's precision (microseconds), so that the article a write
 * returns has the timestamps a later read returns.
 */
@Configuration(proxyBeanMethods = false)
@EnableR2dbcAuditing(dateTimeProviderRef = "auditingDateTimeProvider")
class ArticleAuditingConfiguration {

	@Bean
	ReactiveAuditorAware<String> auditorAware() {
		return () -> ApiClient.current().map(ApiClient::actor);
	}

	@Bean
	DateTimeProvider auditingDateTimeProvider() {
		return () -> Optional.of(Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

}
