package dev.reactivedata.demo.stats;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stats}: the caller's tenant's articles per status, per tag and per day (UTC) as of the last
 * {@code db views refresh} (the materialized view {@code article_stats}, read through {@code tenant_article_stats},
 * which keeps only the bound tenant's rows), and the live number of articles (the {@code security_invoker} view
 * {@code active_articles}, under the articles' row-level security). A caller without a tenant sees nothing.
 */
@RestController
class StatsController {

	private final DatabaseClient database;

	StatsController(DatabaseClient database) {
		this.database = database;
	}

	@GetMapping("/api/stats")
	Mono<StatsResponse> stats() {
		Mono<Long> live = this.database.sql("SELECT count(*) AS articles FROM active_articles")
			.map(row -> row.get("articles", Long.class))
			.one();
		Mono<StatsResponse> counts = this.database
			.sql("SELECT dimension, key, articles FROM tenant_article_stats ORDER BY dimension, key")
			.map(row -> new Count(row.get("dimension", String.class), row.get("key", String.class),
					row.get("articles", Long.class)))
			.all()
			.collectList()
			.map(rows -> {
				Map<String, Long> byStatus = new LinkedHashMap<>();
				Map<String, Long> byTag = new LinkedHashMap<>();
				Map<String, Long> byDay = new LinkedHashMap<>();
				for (Count count : rows) {
					Map<String, Long> target = switch (count.dimension()) {
						case "status" -> byStatus;
						case "tag" -> byTag;
						default -> byDay;
					};
					target.put(count.key(), count.articles());
				}
				return new StatsResponse(0, byStatus, byTag, byDay);
			});
		return Mono.zip(live, counts, (total, response) -> new StatsResponse(total, response.byStatus(),
				response.byTag(), response.byDay()));
	}

	private record Count(String dimension, String key, long articles) {
	}

	/**
	 * The statistics of one tenant.
	 * @param articles the live number of articles
	 * @param byStatus articles per status, as of the last refresh
	 * @param byTag articles per tag, as of the last refresh
	 * @param byDay articles per day of creation (UTC, {@code yyyy-MM-dd}), as of the last refresh
	 */
	record StatsResponse(long articles, Map<String, Long> byStatus, Map<String, Long> byTag, Map<String, Long> byDay) {
	}

}
