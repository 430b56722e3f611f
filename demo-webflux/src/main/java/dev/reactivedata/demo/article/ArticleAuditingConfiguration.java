package dev.reactivedata.demo.article;

import dev.reactivedata.demo.auth.ApiClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.ReactiveAuditorAware;
import org.springframework.data.r2dbc.config.EnableR2dbcAuditing;

/**
 * Fills the audit columns ({@code created_by}, {@code updated_by} and the timestamps) from the caller in the
 * Reactor Context.
 */
@Configuration(proxyBeanMethods = false)
@EnableR2dbcAuditing
class ArticleAuditingConfiguration {

	@Bean
	ReactiveAuditorAware<String> auditorAware() {
		return () -> ApiClient.current().map(ApiClient::actor);
	}

}
