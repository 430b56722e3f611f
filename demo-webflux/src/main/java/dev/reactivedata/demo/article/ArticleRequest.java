package dev.reactivedata.demo.article;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * An article as a client sends it.
 *
 * @param title 1 to 200 characters
 * @param body at most 100,000 characters
 * @param status defaults to {@code DRAFT}
 * @param tags at most 20, each 1 to 40 characters
 * @param metadata a JSON object of at most 16 KiB
 * @param version the version the client read; required on update
 */
public record ArticleRequest(
		@NotBlank @Size(max = 200) String title,
		@Size(max = 100_000) @Nullable String body,
		@Nullable ArticleStatus status,
		@Size(max = 20) @Nullable List<@NotNull @Size(min = 1, max = 40) String> tags,
		@Nullable Map<String, Object> metadata,
		@Nullable Integer version) {
}
