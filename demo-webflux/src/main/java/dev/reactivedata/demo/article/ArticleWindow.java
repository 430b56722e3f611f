package dev.reactivedata.demo.article;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One keyset window of the article list.
 *
 * @param items the articles
 * @param nextCursor the cursor of the next window, {@code null} at the end
 */
public record ArticleWindow(List<ArticleResponse> items, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String nextCursor) {
}
