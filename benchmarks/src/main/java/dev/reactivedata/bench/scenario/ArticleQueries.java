package dev.reactivedata.bench.scenario;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The hand-written point read that the repository is compared with: same columns, mapped by hand.
 */
final class ArticleQueries {

	/**
	 * An article row mapped by hand.
	 */
	record RawArticle(UUID id, String title, String body, String status, String[] tags, Json metadata, int version,
			Instant createdAt, Instant updatedAt, @Nullable String createdBy, @Nullable String updatedBy,
			@Nullable Instant deletedAt) {

		static RawArticle from(Readable row) {
			return new RawArticle(row.get("id", UUID.class), row.get("title", String.class), row.get("body", String.class),
					row.get("status", String.class), row.get("tags", String[].class), row.get("metadata", Json.class),
					row.get("version", Integer.class), row.get("created_at", Instant.class),
					row.get("updated_at", Instant.class), row.get("created_by", String.class),
					row.get("updated_by", String.class), row.get("deleted_at", Instant.class));
		}

	}

	/** The point read, its id bound by position: the statement the driver alone runs. */
	static final String FIND_BY_ID = "SELECT id, title, body, status, tags, metadata, version, created_at, updated_at, "
			+ "created_by, updated_by, deleted_at FROM articles WHERE id = $1";

	private ArticleQueries() {
	}

	static Mono<RawArticle> findById(DatabaseClient client, UUID id) {
		return client.sql(FIND_BY_ID.replace("$1", ":id"))
			.bind("id", id)
			.map(RawArticle::from)
			.one();
	}

}
