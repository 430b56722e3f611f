package dev.reactivedata.demo.article;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.AbstractEncoder;
import org.springframework.core.codec.Hints;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.util.MimeType;

/**
 * Writes an {@link ArticleJson} to a response as it is: its bytes are the JSON the Jackson encoder would write for
 * the article, for the media types that encoder offers, so content negotiation answers as it would for an
 * {@link ArticleResponse}.
 */
final class ArticleJsonEncoder extends AbstractEncoder<ArticleJson> {

	ArticleJsonEncoder() {
		super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
	}

	@Override
	public boolean canEncode(ResolvableType elementType, @Nullable MimeType mimeType) {
		return ArticleJson.class.isAssignableFrom(elementType.toClass()) && super.canEncode(elementType, mimeType);
	}

	@Override
	public Flux<DataBuffer> encode(Publisher<? extends ArticleJson> inputStream, DataBufferFactory bufferFactory,
			ResolvableType elementType, @Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
		return Flux.from(inputStream).map(article -> encodeValue(article, bufferFactory, elementType, mimeType, hints));
	}

	@Override
	public DataBuffer encodeValue(ArticleJson article, DataBufferFactory bufferFactory, ResolvableType valueType,
			@Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
		if (this.logger.isDebugEnabled() && !Hints.isLoggingSuppressed(hints)) {
			this.logger.debug(Hints.getLogPrefix(hints) + "Writing " + article.json().length + " bytes of article JSON");
		}
		return bufferFactory.wrap(article.json());
	}

}
