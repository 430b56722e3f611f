package dev.reactivedata.demo.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The demo's API description at {@code /v3/api-docs}: the {@code X-API-Key} authentication and, on every
 * {@code /api/**} operation, the RFC 9457 problem details it may answer with ({@code application/problem+json}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "ProblemDetail";

	private static final String API_KEY = "apiKey";

	private static final List<HttpStatus> PROBLEM_STATUSES = List.of(HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED,
			HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT, HttpStatus.TOO_MANY_REQUESTS,
			HttpStatus.SERVICE_UNAVAILABLE);

	@Bean
	OpenAPI demoOpenApi() {
		return new OpenAPI()
			.info(new Info().title("reactive-data-layer demo")
				.description("Articles and comments per tenant on PostgreSQL with a Redis cache, with the data "
						+ "layer's metrics stream and PostgreSQL insights for admins. Errors are RFC 9457 problem "
						+ "details.")
				.license(new License().name("Apache License, Version 2.0")
					.url("https://www.apache.org/licenses/LICENSE-2.0")));
	}

	/**
	 * Adds the problem schema, the key scheme and the problem answers once springdoc has described the routes (the
	 * components it generates replace those of the {@link OpenAPI} bean).
	 */
	@Bean
	OpenApiCustomizer problemDetailsCustomizer() {
		return openApi -> {
			Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
			openApi.components(components.addSchemas(PROBLEM, problemSchema())
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-API-Key")
					.description("A tenant key for tenant data, an admin key for /api/metrics and /api/db")));
			openApi.getPaths().forEach((path, item) -> {
				if (path.startsWith("/api/")) {
					item.readOperations().forEach(OpenApiConfiguration::documentProblems);
				}
			});
		};
	}

	private static void documentProblems(Operation operation) {
		operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		for (HttpStatus status : PROBLEM_STATUSES) {
			responses.computeIfAbsent(Integer.toString(status.value()), code -> new ApiResponse()
				.description(status.getReasonPhrase())
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
		}
		operation.setResponses(responses);
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		return new ObjectSchema().description("RFC 9457 problem details")
			.properties(Map.of("type", new StringSchema().format("uri"), "title", new StringSchema(), "status",
					new IntegerSchema(), "detail", new StringSchema(), "instance", new StringSchema(), "errors",
					new ArraySchema().items(fieldError).description("validation errors of a 400")))
			.required(List.of("type", "title", "status"));
	}

}
