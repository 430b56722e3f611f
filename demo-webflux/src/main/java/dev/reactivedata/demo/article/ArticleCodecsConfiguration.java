package dev.reactivedata.demo.article;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Registers {@link ArticleJsonEncoder}, so a handler can answer an article's JSON as bytes it already has.
 */
@Configuration(proxyBeanMethods = false)
class ArticleCodecsConfiguration implements WebFluxConfigurer {

	@Override
	public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
		configurer.customCodecs().register(new ArticleJsonEncoder());
	}

}
