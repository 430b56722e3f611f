package dev.reactivedata.demo.article;

/**
 * An article's JSON exactly as the API answers it ({@link ArticleResponse} written by the application's
 * {@code JsonMapper}), already encoded: what a cache hit hands over without building the article, and what
 * {@link ArticleJsonEncoder} writes to the response as it is.
 *
 * @param json the UTF-8 JSON; never modified once made
 * @param version the article's version, for the {@code ETag}
 */
record ArticleJson(byte[] json, int version) {
}
