package dev.reactivedata.demo.article;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The methods {@code /api/articles/{id}} answers, for {@code OPTIONS} and {@code 405}: {@code GET} and
 * {@code HEAD} through {@link ArticleRoutes}, the others through {@link ArticleController}'s mappings. Spring
 * answers both from the annotated mappings alone, which no longer hold {@code GET}; so the functional route answers
 * them, with every method. A path that an annotated mapping names literally ({@code /api/articles/import}) is not
 * an id here: its own mappings answer it.
 */
final class ArticleByIdMethods {

	private static final String PATTERN = "/api/articles/{id}";

	private static final String PARENT = "/api/articles/";

	private final RequestMappingHandlerMapping annotated;

	private volatile @Nullable Set<HttpMethod> allowed;

	private volatile @Nullable Set<String> literalPaths;

	ArticleByIdMethods(RequestMappingHandlerMapping annotated) {
		this.annotated = annotated;
	}

	/** Answers {@code OPTIONS} with every method of the route in {@code Allow}. */
	Mono<ServerResponse> options(ServerRequest request) {
		return ServerResponse.ok().allow(allowed()).build();
	}

	/** Tells whether the request's path is an article's, not one an annotated mapping names literally. */
	boolean isArticle(ServerRequest request) {
		return !literalPaths().contains(request.requestPath().pathWithinApplication().value());
	}

	/** Tells whether the request's method is one the route does not answer. */
	boolean unsupported(ServerRequest request) {
		return !allowed().contains(request.method());
	}

	/** Fails as Spring's handler mapping does for a method no mapping of the path answers. */
	Mono<ServerResponse> notAllowed(ServerRequest request) {
		return Mono.error(new MethodNotAllowedException(request.method(), allowed()));
	}

	/** Read from the annotated mappings once they are all registered, at the first request that asks. */
	private Set<String> literalPaths() {
		Set<String> paths = this.literalPaths;
		if (paths == null) {
			paths = this.annotated.getHandlerMethods()
				.keySet()
				.stream()
				.flatMap(info -> info.getPatternsCondition().getPatterns().stream())
				.map(PathPattern::getPatternString)
				.filter(pattern -> pattern.startsWith(PARENT) && pattern.indexOf('/', PARENT.length()) < 0
						&& pattern.indexOf('{') < 0)
				.collect(Collectors.toUnmodifiableSet());
			this.literalPaths = paths;
		}
		return paths;
	}

	/** Read from the annotated mappings once they are all registered, at the first request that asks. */
	private Set<HttpMethod> allowed() {
		Set<HttpMethod> methods = this.allowed;
		if (methods == null) {
			Set<RequestMethod> mapped = EnumSet.of(RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS);
			this.annotated.getHandlerMethods().forEach((info, handler) -> {
				if (info.getPatternsCondition().getPatterns().stream().map(PathPattern::getPatternString)
					.anyMatch(PATTERN::equals)) {
					mapped.addAll(info.getMethodsCondition().getMethods());
				}
			});
			methods = mapped.stream().map(RequestMethod::asHttpMethod).collect(Collectors.toUnmodifiableSet());
			this.allowed = methods;
		}
		return methods;
	}

}
