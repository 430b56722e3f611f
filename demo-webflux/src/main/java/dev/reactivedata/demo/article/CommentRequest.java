package dev.reactivedata.demo.article;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A comment as a client sends it.
 *
 * @param author 1 to 200 characters
 * @param body 1 to 10,000 characters
 */
public record CommentRequest(@NotBlank @Size(max = 200) String author, @NotBlank @Size(max = 10_000) String body) {
}
