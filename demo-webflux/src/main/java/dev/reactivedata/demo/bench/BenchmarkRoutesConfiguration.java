package dev.reactivedata.demo.bench;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The benchmark's baseline for the cached article GET, in the same process: a minimal WebFlux handler,
 * {@code GET /bench/article}, that answers JSON bytes held in memory. The harness first stores the body of a cached
 * article GET with {@code PUT /bench/article}, so both answer the same bytes. Only with
 * {@code demo.bench.routes.enabled=true} (never in a deployment: the routes take no key).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("demo.bench.routes.enabled")
class BenchmarkRoutesConfiguration {

	static final String PATH = "/bench/article";

	@Bean
	RouterFunction<ServerResponse> benchmarkRoutes() {
		AtomicReference<byte[]> article = new AtomicReference<>(new byte[] { '{', '}' });
		return RouterFunctions.route()
			.PUT(PATH, request -> request.bodyToMono(byte[].class)
				.doOnNext(article::set)
				.then(ServerResponse.noContent().build()))
			.GET(PATH, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(article.get()))
			.build();
	}

}
