package dev.reactivedata.monitoring.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.reactivedata.monitoring.insights.InsightsReport.BlockingQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.CacheHitRatio;
import dev.reactivedata.monitoring.insights.InsightsReport.Connections;
import dev.reactivedata.monitoring.insights.InsightsReport.Deadlocks;
import dev.reactivedata.monitoring.insights.InsightsReport.DuplicateIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.InvalidIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.LongRunningQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.MissingIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.ReplicaLag;
import dev.reactivedata.monitoring.insights.InsightsReport.SequenceUsage;
import dev.reactivedata.monitoring.insights.InsightsReport.Sizes;
import dev.reactivedata.monitoring.insights.InsightsReport.Statistics;
import dev.reactivedata.monitoring.insights.InsightsReport.TableBloat;
import dev.reactivedata.monitoring.insights.InsightsReport.TableGrowth;
import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.UnusedIndex;
import dev.reactivedata.monitoring.insights.InsightsReport.VacuumStatus;
import dev.reactivedata.monitoring.insights.InsightsReport.Wraparound;

/**
 * The results of one {@link PostgresInsights} report collected so far; filled in order by one subscriber.
 */
final class ReportDraft {

	String database = "";

	String version = "";

	int versionNumber;

	int maxConnections;

	Instant statisticsSince = Instant.EPOCH;

	String statisticsSource = "server start";

	boolean statementsInstalled;

	boolean hypopgInstalled;

	boolean hypopgAvailable;

	InsightCheck<UnusedIndex> unused = InsightCheck.unavailable("not run");

	InsightCheck<DuplicateIndex> duplicates = InsightCheck.unavailable("not run");

	InsightCheck<InvalidIndex> invalid = InsightCheck.unavailable("not run");

	InsightCheck<MissingIndex> missing = InsightCheck.unavailable("not run");

	InsightCheck<TableBloat> bloat = InsightCheck.unavailable("not run");

	InsightCheck<InsightsReport.IndexBloat> indexBloat = InsightCheck.unavailable("not run");

	InsightCheck<CacheHitRatio> cacheHit = InsightCheck.unavailable("not run");

	InsightCheck<BlockingQuery> blocking = InsightCheck.unavailable("not run");

	InsightCheck<LongRunningQuery> longRunning = InsightCheck.unavailable("not run");

	InsightCheck<Deadlocks> deadlocks = InsightCheck.unavailable("not run");

	InsightCheck<Connections> connections = InsightCheck.unavailable("not run");

	InsightCheck<Sizes> sizes = InsightCheck.unavailable("not run");

	InsightCheck<TableGrowth> growth = InsightCheck.unavailable("not run");

	InsightCheck<VacuumStatus> vacuum = InsightCheck.unavailable("not run");

	InsightCheck<Wraparound> wraparound = InsightCheck.unavailable("not run");

	InsightCheck<TopQuery> topQueries = InsightCheck.unavailable("not run");

	InsightCheck<SequenceUsage> sequences = InsightCheck.unavailable("not run");

	InsightCheck<ReplicaLag> replication = InsightCheck.unavailable("not run");

	/** How long the statistics cover at {@code now}, and since what. */
	String age(Instant now) {
		Duration age = Duration.between(this.statisticsSince, now);
		return "statistics cover " + PostgresInsights.human(age) + " (since " + this.statisticsSource + ")";
	}

	/** Whether the statistics cover less than {@code minimum} at {@code now}. */
	boolean youngerThan(Duration minimum, Instant now) {
		return Duration.between(this.statisticsSince, now).compareTo(minimum) < 0;
	}

	InsightsReport build(Instant now, InsightsOptions options) {
		Statistics statistics = new Statistics(this.statisticsSince, this.statisticsSource,
				Math.max(0, Duration.between(this.statisticsSince, now).toSeconds()));
		InsightsReport report = new InsightsReport(now, this.database, this.version, statistics, this.unused,
				this.duplicates, this.invalid, this.missing, this.bloat, this.indexBloat, this.cacheHit, this.blocking,
				this.longRunning, this.deadlocks, this.connections, this.sizes, this.vacuum, this.wraparound,
				this.topQueries, this.sequences, this.growth, this.replication, List.of());
		return report.withRecommendations(Recommendations.of(report, options));
	}

}
