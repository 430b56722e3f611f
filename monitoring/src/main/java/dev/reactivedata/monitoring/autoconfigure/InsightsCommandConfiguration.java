package dev.reactivedata.monitoring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.reactivedata.core.command.DatabaseReport;
import dev.reactivedata.monitoring.insights.InsightsReport;
import dev.reactivedata.monitoring.insights.PostgresInsights;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Contributes the PostgreSQL insights report to core's {@code db} command line ({@code db insights}) when
 * {@code reactivedata-core} is on the class path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DatabaseReport.class)
class InsightsCommandConfiguration {

	@Bean
	@ConditionalOnBean(PostgresInsights.class)
	DatabaseReport<InsightsReport> insightsDatabaseReport(PostgresInsights insights) {
		return new InsightsDatabaseReport(insights);
	}

	/** The insights as a {@code db} command's report: recommendations in text, exit 1 on a critical one. */
	static final class InsightsDatabaseReport implements DatabaseReport<InsightsReport> {

		private final PostgresInsights insights;

		InsightsDatabaseReport(PostgresInsights insights) {
			this.insights = insights;
		}

		@Override
		public String name() {
			return INSIGHTS;
		}

		@Override
		public Mono<InsightsReport> generate() {
			return this.insights.report();
		}

		@Override
		public List<String> describe(InsightsReport report) {
			List<String> lines = new ArrayList<>();
			lines.add("database " + report.database() + " (PostgreSQL " + report.serverVersion() + ") at "
					+ report.generatedAt());
			if (report.recommendations().isEmpty()) {
				lines.add("no recommendations: every check passed or is still gathering evidence");
			}
			for (InsightsReport.Recommendation recommendation : report.recommendations()) {
				lines.add("[" + recommendation.severity() + "] " + recommendation.check() + ": "
						+ recommendation.message());
			}
			return lines;
		}

		@Override
		public boolean failed(InsightsReport report) {
			return report.recommendations().stream().anyMatch(recommendation -> "critical".equals(recommendation.severity()));
		}

	}

}
