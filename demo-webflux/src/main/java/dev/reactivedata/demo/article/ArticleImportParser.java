package dev.reactivedata.demo.article;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reactivedata.core.bulk.LineParser;
import dev.reactivedata.demo.web.InvalidFieldException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Parses one NDJSON line of an import into a validated new {@link Article}, with the same rules as
 * {@code POST /api/articles}; the exception message names the fields at fault.
 */
@Component
class ArticleImportParser implements LineParser<Article> {

	private final JsonMapper jsonMapper;

	private final Validator validator;

	private final ArticleMapper mapper;

	ArticleImportParser(JsonMapper jsonMapper, Validator validator, ArticleMapper mapper) {
		this.jsonMapper = jsonMapper;
		this.validator = validator;
		this.mapper = mapper;
	}

	@Override
	public Article parse(String line) {
		ArticleRequest request;
		try {
			request = this.jsonMapper.readValue(line, ArticleRequest.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("malformed JSON: " + ex.getOriginalMessage());
		}
		if (request == null) {
			throw new IllegalArgumentException("malformed JSON: expected an object");
		}
		Set<ConstraintViolation<ArticleRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new IllegalArgumentException(violations.stream()
				.sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
				.map(violation -> violation.getPropertyPath() + ": " + violation.getMessage())
				.collect(Collectors.joining("; ")));
		}
		try {
			return this.mapper.toNewArticle(request);
		}
		catch (InvalidFieldException ex) {
			throw new IllegalArgumentException(ex.getField() + ": " + ex.getMessage(), ex);
		}
	}

}
