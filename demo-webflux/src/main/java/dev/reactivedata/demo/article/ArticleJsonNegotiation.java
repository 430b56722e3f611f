package dev.reactivedata.demo.article;

import java.util.List;

import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.reactive.result.HandlerResultHandlerSupport;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Chooses the media type of an {@link ArticleJson} answer with Spring's own content negotiation (that of an
 * annotated handler's {@code ResponseEntity}), over the application's message writers, so a functional route
 * answers the media types and the {@code 406} the annotated one did.
 */
final class ArticleJsonNegotiation extends HandlerResultHandlerSupport {

	private static final ResolvableType ARTICLE_JSON = ResolvableType.forClass(ArticleJson.class);

	private final List<HttpMessageWriter<?>> writers;

	/** The media types the writers offer for an {@link ArticleJson}, in the writers' order. */
	private final List<MediaType> producible;

	ArticleJsonNegotiation(List<HttpMessageWriter<?>> writers, RequestedContentTypeResolver contentTypes) {
		super(contentTypes, ReactiveAdapterRegistry.getSharedInstance());
		this.writers = List.copyOf(writers);
		this.producible = this.writers.stream()
			.filter(writer -> writer.canWrite(ARTICLE_JSON, null))
			.flatMap(writer -> writer.getWritableMediaTypes(ARTICLE_JSON).stream())
			.toList();
	}

	/**
	 * Returns the media type to answer with, one a writer can write an {@link ArticleJson} as.
	 * @param exchange the exchange, whose {@code Accept} header counts
	 * @return the media type
	 * @throws NotAcceptableStatusException when the client accepts none of them, or sent an invalid
	 * {@code Accept} header
	 */
	MediaType select(ServerWebExchange exchange) {
		MediaType selected = selectMediaType(exchange, () -> this.producible);
		if (selected != null && this.writers.stream().anyMatch(writer -> writer.canWrite(ARTICLE_JSON, selected))) {
			return selected;
		}
		throw new NotAcceptableStatusException(this.producible);
	}

}
