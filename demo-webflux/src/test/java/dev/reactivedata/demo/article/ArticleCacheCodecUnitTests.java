package dev.reactivedata.demo.article;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArticleCacheCodecUnitTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ArticleMapper mapper = new ArticleMapper(this.json);

	private final ArticleCacheCodec codec = new ArticleCacheCodec(this.mapper, this.json);

	@Test
	void storesTheVersionThenTheApisJson() {
		Article article = article();
		String entry = new String(this.codec.encode(article), StandardCharsets.UTF_8);
		assertThat(entry).isEqualTo("3|" + this.json.writeValueAsString(this.mapper.toResponse(article)));
	}

	@Test
	void readsAnEntryAsTheApisJsonWithoutParsingIt() {
		Article article = article();
		byte[] entry = this.codec.encode(article);
		ArticleJson view = this.codec.decode(entry, ArticleJson.class);
		assertThat(view.version()).isEqualTo(3);
		assertThat(view.json()).isEqualTo(this.json.writeValueAsBytes(this.mapper.toResponse(article)));
		assertThat(this.codec.view(article).json()).isEqualTo(view.json());
	}

	@Test
	void readsAnEntryAsTheArticle() {
		Article article = article();
		byte[] entry = this.codec.encode(article);
		byte[] framed = new byte[entry.length + 4];
		System.arraycopy(entry, 0, framed, 2, entry.length);
		Article read = this.codec.decode(framed, 2, entry.length, Article.class);
		assertThat(read).usingRecursiveComparison().ignoringFields("metadata").isEqualTo(article);
		assertThat(this.json.readTree(read.getMetadata().asString()))
			.isEqualTo(this.json.readTree(article.getMetadata().asString()));
	}

	@Test
	void refusesAnEntryWithoutAVersion() {
		byte[] earlier = "{\"id\":\"0b7f2f7e-52f4-4f57-a3bb-0a39f2e1e2a4\",\"metadata\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(earlier, Article.class));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(earlier, ArticleJson.class));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decode("99999999999|{}".getBytes(StandardCharsets.US_ASCII), ArticleJson.class));
	}

	@Test
	void holdsNothingButArticles() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode("an article"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(this.codec.encode(article()), String.class));
	}

	private static Article article() {
		Article article = new Article("Title", "Body", ArticleStatus.PUBLISHED, List.of("a", "b"),
				Json.of("{\"rank\": 7, \"nested\": {\"x\": [1, 2]}}"));
		ReflectionTestUtils.setField(article, "id", UUID.fromString("0b7f2f7e-52f4-4f57-a3bb-0a39f2e1e2a4"));
		ReflectionTestUtils.setField(article, "version", 3);
		ReflectionTestUtils.setField(article, "createdAt", Instant.parse("2026-01-02T03:04:05.123456Z"));
		ReflectionTestUtils.setField(article, "updatedAt", Instant.parse("2026-01-03T03:04:05.123456Z"));
		ReflectionTestUtils.setField(article, "createdBy", "apikey:creator");
		ReflectionTestUtils.setField(article, "updatedBy", "apikey:updater");
		return article;
	}

}
