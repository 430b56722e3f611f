package dev.reactivedata.demo.insights;

import dev.reactivedata.monitoring.insights.InsightsReport;
import dev.reactivedata.monitoring.insights.PostgresInsights;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/db/insights} (admin): a fresh PostgreSQL insights report as JSON. Checks that cannot run
 * here (no {@code pg_stat_statements}, missing privilege) are reported as {@code UNAVAILABLE} with a reason.
 */
@RestController
class InsightsController {

	private final PostgresInsights insights;

	InsightsController(PostgresInsights insights) {
		this.insights = insights;
	}

	@GetMapping("/api/db/insights")
	Mono<InsightsReport> insights() {
		return this.insights.report();
	}

}
