package dev.reactivedata.demo.stats;

import java.util.Map;

import dev.reactivedata.core.tenant.TenantContext;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stats}: the caller's tenant's articles per status, per tag and per day (UTC) as of the last
 * {@code db views refresh} (the materialized view {@code article_stats}, read through {@code tenant_article_stats},
 * which keeps only the bound tenant's rows), and the live number of articles (the {@code security_invoker} view
 * {@code active_articles}, under the articles' row-level security), cached per tenant ({@link TenantStatistics}). A
 * caller without a tenant sees nothing.
 */
@RestController
class StatsController {

	private final TenantStatistics statistics;

	StatsController(TenantStatistics statistics) {
		this.statistics = statistics;
	}

	@GetMapping("/api/stats")
	Mono<StatsResponse> stats() {
		return TenantContext.current()
			.flatMap(tenant -> Mono.deferContextual(request -> this.statistics.of(tenant, request)))
			.switchIfEmpty(Mono.defer(this.statistics::read));
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
