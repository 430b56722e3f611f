package dev.reactivedata.bench.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.reactivedata.bench.fixture.BulkArticle;
import io.r2dbc.postgresql.codec.Json;

/**
 * The rows every bulk-insert side writes: row {@code i} is the same whichever side writes it.
 */
final class BulkRows {

	private static final String[] STATUSES = { "DRAFT", "PUBLISHED", "ARCHIVED" };

	private static final String FILLER = " lorem ipsum dolor sit amet".repeat(4);

	private BulkRows() {
	}

	static String title(int i) {
		return "Bulk article " + i;
	}

	static String body(int i) {
		return "Body of bulk article " + i + ":" + FILLER;
	}

	static String status(int i) {
		return STATUSES[i % STATUSES.length];
	}

	static List<String> tags(int i) {
		return List.of("bulk", "tag" + (i % 20));
	}

	static String tagsLiteral(int i) {
		return "{" + String.join(",", tags(i)) + "}";
	}

	static String metadata(int i) {
		return "{\"n\": " + i + ", \"source\": \"bulk\"}";
	}

	static BulkArticle entity(int i) {
		return new BulkArticle(title(i), body(i), status(i), tags(i), Json.of(metadata(i)));
	}

	/**
	 * Writes rows {@code [0, count)} as CSV for {@code \copy bench_bulk (tenant_id, title, body, status, tags,
	 * metadata)}.
	 */
	static Path csv(int count, UUID tenant) {
		try {
			Path file = Files.createTempFile("rdl-bench-bulk", ".csv");
			try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				for (int i = 0; i < count; i++) {
					out.write(tenant.toString());
					out.write(',');
					out.write(quote(title(i)));
					out.write(',');
					out.write(quote(body(i)));
					out.write(',');
					out.write(status(i));
					out.write(',');
					out.write(quote(tagsLiteral(i)));
					out.write(',');
					out.write(quote(metadata(i)));
					out.write('\n');
				}
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the bulk CSV", ex);
		}
	}

	static String quote(String value) {
		return '"' + value.replace("\"", "\"\"") + '"';
	}

}
