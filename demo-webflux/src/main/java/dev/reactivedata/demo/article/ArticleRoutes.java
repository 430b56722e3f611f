package dev.reactivedata.demo.article;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code GET /api/articles/{id}} as a functional route, the API's most frequent read: the router functions are
 * consulted before the annotated handlers, so it skips their handler lookup (which matches path patterns one by
 * one), argument resolution and {@code ResponseEntity} handling. The web filters, metrics and problem answers
 * apply to it as to the rest of {@link ArticleController}'s routes.
 */
@Configuration(proxyBeanMethods = false)
class ArticleRoutes {

	/**
	 * The annotated routes that {@code /{id}} would otherwise shadow, as their mappings choose them: {@code scroll}
	 * always, {@code export} when the client accepts what it produces (else {@code export} is an id, as before).
	 */
	private static final RequestPredicate OTHER_ROUTES = RequestPredicates.path("/api/articles/scroll")
		.or(RequestPredicates.path("/api/articles/export")
			.and(RequestPredicates.accept(MediaType.APPLICATION_NDJSON, new MediaType("text", "csv"))));

	@Bean
	@RouterOperation(path = "/api/articles/{id}", method = RequestMethod.GET,
			operation = @Operation(operationId = "get", tags = "article-controller",
					parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
							schema = @Schema(type = "string", format = "uuid")),
					responses = @ApiResponse(responseCode = "200", description = "The article",
							content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
									schema = @Schema(implementation = ArticleResponse.class)))))
	RouterFunction<ServerResponse> articleByIdRoute(ArticleByIdHandler handler,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping annotated) {
		ArticleByIdMethods methods = new ArticleByIdMethods(annotated);
		RequestPredicate byId = RequestPredicates.path("/api/articles/{id}").and(OTHER_ROUTES.negate());
		RequestPredicate article = byId.and(methods::isArticle);
		return RouterFunctions.route(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD).and(byId), handler::get)
			.andRoute(RequestPredicates.method(HttpMethod.OPTIONS).and(article), methods::options)
			.andRoute(article.and(methods::unsupported), methods::notAllowed);
	}

}
