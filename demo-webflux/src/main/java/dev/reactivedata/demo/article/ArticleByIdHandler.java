package dev.reactivedata.demo.article;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.cache.aside.CacheLookup;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Answers {@code GET /api/articles/{id}} for {@link ArticleRoutes}: a cache hit writes the cached bytes as they are
 * (they are the API's JSON for the article, {@link ArticleCacheCodec}), a load renders the article it read the same
 * way. It answers as the annotated handler it replaces did: the same content negotiation, {@code ETag} and
 * {@code 304}, and errors that {@code ProblemDetailsAdvice} turns into the same problems.
 */
@Component
final class ArticleByIdHandler {

	/** Whether the answer came from the cache: {@code HIT}, {@code MISS} or {@code BYPASS}. */
	static final String CACHE_HEADER = "X-Cache";

	private final CachedArticles cached;

	private final ArticleJsonNegotiation negotiation;

	/** A scheduler per server event loop (a fixed set), for {@link #onConnectionEventLoop}. */
	private final Map<EventLoop, Scheduler> eventLoops = new ConcurrentHashMap<>();

	ArticleByIdHandler(CachedArticles cached, ServerCodecConfigurer codecs,
			@Qualifier("webFluxContentTypeResolver") RequestedContentTypeResolver contentTypes) {
		this.cached = cached;
		this.negotiation = new ArticleJsonNegotiation(codecs.getWriters(), contentTypes);
	}

	/**
	 * Emits the article's answer: {@code 200} with its JSON, {@code ETag} and {@code X-Cache}, or {@code 304} to a
	 * matching {@code If-None-Match}.
	 * @param request the request, with an {@code id} path variable
	 * @return the answer; a {@link ServerWebInputException} for an id that is not a UUID, a
	 * {@code ResponseStatusException} (404) when the tenant has no such active article, a
	 * {@link NotAcceptableStatusException} when the client accepts no JSON type
	 */
	Mono<ServerResponse> get(ServerRequest request) {
		String value = request.pathVariable("id");
		UUID id;
		try {
			id = toUuid(value);
		}
		catch (IllegalArgumentException ex) {
			// What converting an annotated handler's @PathVariable UUID raises, so the problem reads the same.
			TypeMismatchException mismatch = new TypeMismatchException(value, UUID.class, ex);
			mismatch.initPropertyName("id");
			return Mono.error(new ServerWebInputException("Type mismatch.", null, mismatch));
		}
		ServerWebExchange exchange = request.exchange();
		return this.cached.findActiveJson(id)
			.transform(lookup -> onConnectionEventLoop(lookup, exchange))
			.filter(CacheLookup::isPresent)
			.flatMap(lookup -> answer(lookup, exchange))
			.switchIfEmpty(Mono.error(() -> ArticleController.notFound(id)));
	}

	/** Converts as Spring's {@code StringToUUIDConverter} does for a path variable. */
	private static UUID toUuid(String value) {
		if (!StringUtils.hasText(value)) {
			throw new IllegalArgumentException("blank id");
		}
		return UUID.fromString(value.trim());
	}

	private Mono<ServerResponse> answer(CacheLookup<ArticleJson> lookup, ServerWebExchange exchange) {
		ArticleJson article = Objects.requireNonNull(lookup.value());
		String etag = String.valueOf(article.version());
		String source = lookup.source().name();
		MediaType contentType;
		try {
			contentType = this.negotiation.select(exchange);
		}
		catch (NotAcceptableStatusException ex) {
			// An annotated handler's ResponseEntity answers 304 to a matching If-None-Match before it negotiates.
			if (exchange.checkNotModified(etag)) {
				return ServerResponse.status(HttpStatus.NOT_MODIFIED)
					.eTag(etag)
					.header(CACHE_HEADER, source)
					.build();
			}
			// Its headers are on the response before it negotiates, so its 406 problem carries them too (the ETag
			// is there from checkNotModified).
			exchange.getResponse().getHeaders().set(CACHE_HEADER, source);
			return Mono.error(ex);
		}
		return ServerResponse.ok()
			.eTag(etag)
			.header(CACHE_HEADER, source)
			.contentType(contentType)
			.bodyValue(article);
	}

	/**
	 * Continues on the event loop of the request's own connection. A cache hit completes on Lettuce's single I/O
	 * thread, which would otherwise write every response and hand each write over to the connection's event loop
	 * anyway; there the work spreads over all event loops and the write needs no further hand-off. (Only a Reactor
	 * Netty server has such a loop; elsewhere the signal stays where it is.)
	 */
	private <T> Mono<T> onConnectionEventLoop(Mono<T> lookup, ServerWebExchange exchange) {
		Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		if (!(request instanceof Connection connection)) {
			return lookup;
		}
		EventLoop loop = connection.channel().eventLoop();
		Scheduler scheduler = this.eventLoops.get(loop);
		if (scheduler == null) {
			// Once per event loop, not per request: Schedulers.fromExecutor names and decorates a new scheduler on
			// each call. Given the loop as a plain Executor, its tasks go in without a Future each.
			scheduler = this.eventLoops.computeIfAbsent(loop, executor -> Schedulers.fromExecutor(executor::execute));
		}
		return lookup.publishOn(scheduler);
	}

}
