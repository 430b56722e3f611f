package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the monitoring module.
 */
@ConfigurationProperties("reactivedata.monitoring")
public class ReactiveDataMonitoringProperties {

	private final Query query = new Query();

	private final Pool pool = new Pool();

	private final Alerts alerts = new Alerts();

	private final Health health = new Health();

	private final Insights insights = new Insights();

	public Query getQuery() {
		return this.query;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Alerts getAlerts() {
		return this.alerts;
	}

	public Health getHealth() {
		return this.health;
	}

	public Insights getInsights() {
		return this.insights;
	}

	/**
	 * Query observation (r2dbc-proxy listener, slow-query log, N+1 detection).
	 */
	public static class Query {

		/**
		 * Whether statements are observed through r2dbc-proxy.
		 */
		private boolean enabled = true;

		/**
		 * Statements taking at least this long are logged as slow.
		 */
		private Duration slowThreshold = Duration.ofMillis(500);

		/**
		 * How many slow queries the log keeps.
		 */
		private int slowLogSize = 100;

		/**
		 * One query shape running more than this many times in one request raises an N+1 event.
		 */
		private int nPlusOneThreshold = 5;

		/**
		 * Statements one request may run before a budget event is raised; 0 turns the budget off.
		 */
		private int budget = 100;

		/**
		 * Distinct query shapes tracked (meter tags); further shapes count as "other".
		 */
		private int maxShapes = 200;

		/**
		 * How far back the stream's latency percentiles look.
		 */
		private Duration percentileWindow = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
		}

		public int getSlowLogSize() {
			return this.slowLogSize;
		}

		public void setSlowLogSize(int slowLogSize) {
			this.slowLogSize = slowLogSize;
		}

		public int getNPlusOneThreshold() {
			return this.nPlusOneThreshold;
		}

		public void setNPlusOneThreshold(int nPlusOneThreshold) {
			this.nPlusOneThreshold = nPlusOneThreshold;
		}

		public int getBudget() {
			return this.budget;
		}

		public void setBudget(int budget) {
			this.budget = budget;
		}

		public int getMaxShapes() {
			return this.maxShapes;
		}

		public void setMaxShapes(int maxShapes) {
			this.maxShapes = maxShapes;
		}

		public Duration getPercentileWindow() {
			return this.percentileWindow;
		}

		public void setPercentileWindow(Duration percentileWindow) {
			this.percentileWindow = percentileWindow;
		}
	}

	/**
	 * Connection acquisition observation.
	 */
	public static class Pool {

		/**
		 * Whether the application's connection factory is wrapped to time acquisitions.
		 */
		private boolean enabled = true;

		/**
		 * How far back the acquisition latency percentiles look.
		 */
		private Duration percentileWindow = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPercentileWindow() {
			return this.percentileWindow;
		}

		public void setPercentileWindow(Duration percentileWindow) {
			this.percentileWindow = percentileWindow;
		}
	}

	/**
	 * Alert rule thresholds (the same as prometheus/reactivedata-alerts.yml).
	 */
	public static class Alerts {

		/**
		 * Pool saturation (acquired / max) at or above which pool-saturation is raised.
		 */
		private double poolSaturation = 0.9;

		/**
		 * Waiting acquirers at or above which pending-acquirers is raised.
		 */
		private int pendingAcquirers = 1;

		/**
		 * Query p99 latency in milliseconds at or above which query-latency-p99 is raised.
		 */
		private double p99Ms = 250;

		/**
		 * Failed share of statements at or above which query-error-rate is raised.
		 */
		private double errorRate = 0.05;

		/**
		 * Cache hit ratio below which cache-hit-ratio is raised.
		 */
		private double cacheHitRatio = 0.5;

		/**
		 * Cache gets per evaluation below which the hit ratio is not judged.
		 */
		private long minimumCacheGets = 20;

		/**
		 * Statements per evaluation below which the error rate is not judged.
		 */
		private long minimumQueries = 20;

		/**
		 * The rules are evaluated at most this often.
		 */
		private Duration evaluationInterval = Duration.ofSeconds(1);

		public double getPoolSaturation() {
			return this.poolSaturation;
		}

		public void setPoolSaturation(double poolSaturation) {
			this.poolSaturation = poolSaturation;
		}

		public int getPendingAcquirers() {
			return this.pendingAcquirers;
		}

		public void setPendingAcquirers(int pendingAcquirers) {
			this.pendingAcquirers = pendingAcquirers;
		}

		public double getP99Ms() {
			return this.p99Ms;
		}

		public void setP99Ms(double p99Ms) {
			this.p99Ms = p99Ms;
		}

		public double getErrorRate() {
			return this.errorRate;
		}

		public void setErrorRate(double errorRate) {
			this.errorRate = errorRate;
		}

		public double getCacheHitRatio() {
			return this.cacheHitRatio;
		}

		public void setCacheHitRatio(double cacheHitRatio) {
			this.cacheHitRatio = cacheHitRatio;
		}

		public long getMinimumCacheGets() {
			return this.minimumCacheGets;
		}

		public void setMinimumCacheGets(long minimumCacheGets) {
			this.minimumCacheGets = minimumCacheGets;
		}

		public long getMinimumQueries() {
			return this.minimumQueries;
		}

		public void setMinimumQueries(long minimumQueries) {
			this.minimumQueries = minimumQueries;
		}

		public Duration getEvaluationInterval() {
			return this.evaluationInterval;
		}

		public void setEvaluationInterval(Duration evaluationInterval) {
			this.evaluationInterval = evaluationInterval;
		}
	}

	/**
	 * Health indicators.
	 */
	public static class Health {

		/**
		 * Whether the database, pool and cache-circuit health indicators are registered.
		 */
		private boolean enabled = true;

		/**
		 * How long the database ping may take before the database counts as down.
		 */
		private Duration pingTimeout = Duration.ofSeconds(2);

		/**
		 * Pool saturation at or above which waiting callers make the pool OUT_OF_SERVICE.
		 */
		private double poolSaturation = 0.9;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPingTimeout() {
			return this.pingTimeout;
		}

		public void setPingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
		}

		public double getPoolSaturation() {
			return this.poolSaturation;
		}

		public void setPoolSaturation(double poolSaturation) {
			this.poolSaturation = poolSaturation;
		}
	}

	/**
	 * PostgreSQL insights.
	 */
	public static class Insights {

		/**
		 * Whether the PostgresInsights bean is created.
		 */
		private boolean enabled = true;

		/**
		 * How often the insights report is refreshed in the background for the gauges; zero turns polling off.
		 */
		private Duration refreshInterval = Duration.ZERO;

		/**
		 * Statements running at least this long are reported.
		 */
		private Duration longRunning = Duration.ofMinutes(1);

		/**
		 * Tables smaller than this are never suggested an index.
		 */
		private long missingIndexMinRows = 10000;

		/**
		 * Tables with fewer sequential scans are never suggested an index.
		 */
		private long missingIndexMinSequentialScans = 100;

		/**
		 * Dead-row share at or above which a table is reported as bloated.
		 */
		private double bloatDeadRatio = 0.2;

		/**
		 * Transactions left before wraparound below which it is a danger.
		 */
		private long wraparoundRemaining = 100000000;

		/**
		 * Used share of a sequence at or above which it is reported.
		 */
		private double sequenceUsedRatio = 0.75;

		/**
		 * How many pg_stat_statements entries to report.
		 */
		private int topQueries = 10;

		/**
		 * The whole report must finish within this.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Statistics younger than this (since the last reset, else since the server or database started) are not
		 * enough to call an index unused or the cache hit ratio low.
		 */
		private Duration minStatisticsAge = Duration.ofDays(1);

		/**
		 * An index is called unused only when its table was read at least this many times.
		 */
		private long unusedIndexMinTableScans = 1000;

		/**
		 * Tables smaller than this many bytes are never called bloated.
		 */
		private long bloatMinTableBytes = 10L << 20;

		/**
		 * The cache hit ratio is judged only after this many block reads, hits included.
		 */
		private long cacheHitMinBlocks = 100000;

		/**
		 * Table cache hit ratio below which a warning is given.
		 */
		private double cacheHitRatio = 0.99;

		public Duration getMinStatisticsAge() {
			return this.minStatisticsAge;
		}

		public void setMinStatisticsAge(Duration minStatisticsAge) {
			this.minStatisticsAge = minStatisticsAge;
		}

		public long getUnusedIndexMinTableScans() {
			return this.unusedIndexMinTableScans;
		}

		public void setUnusedIndexMinTableScans(long unusedIndexMinTableScans) {
			this.unusedIndexMinTableScans = unusedIndexMinTableScans;
		}

		public long getBloatMinTableBytes() {
			return this.bloatMinTableBytes;
		}

		public void setBloatMinTableBytes(long bloatMinTableBytes) {
			this.bloatMinTableBytes = bloatMinTableBytes;
		}

		public long getCacheHitMinBlocks() {
			return this.cacheHitMinBlocks;
		}

		public void setCacheHitMinBlocks(long cacheHitMinBlocks) {
			this.cacheHitMinBlocks = cacheHitMinBlocks;
		}

		public double getCacheHitRatio() {
			return this.cacheHitRatio;
		}

		public void setCacheHitRatio(double cacheHitRatio) {
			this.cacheHitRatio = cacheHitRatio;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getLongRunning() {
			return this.longRunning;
		}

		public void setLongRunning(Duration longRunning) {
			this.longRunning = longRunning;
		}

		public long getMissingIndexMinRows() {
			return this.missingIndexMinRows;
		}

		public void setMissingIndexMinRows(long missingIndexMinRows) {
			this.missingIndexMinRows = missingIndexMinRows;
		}

		public long getMissingIndexMinSequentialScans() {
			return this.missingIndexMinSequentialScans;
		}

		public void setMissingIndexMinSequentialScans(long missingIndexMinSequentialScans) {
			this.missingIndexMinSequentialScans = missingIndexMinSequentialScans;
		}

		public double getBloatDeadRatio() {
			return this.bloatDeadRatio;
		}

		public void setBloatDeadRatio(double bloatDeadRatio) {
			this.bloatDeadRatio = bloatDeadRatio;
		}

		public long getWraparoundRemaining() {
			return this.wraparoundRemaining;
		}

		public void setWraparoundRemaining(long wraparoundRemaining) {
			this.wraparoundRemaining = wraparoundRemaining;
		}

		public double getSequenceUsedRatio() {
			return this.sequenceUsedRatio;
		}

		public void setSequenceUsedRatio(double sequenceUsedRatio) {
			this.sequenceUsedRatio = sequenceUsedRatio;
		}

		public int getTopQueries() {
			return this.topQueries;
		}

		public void setTopQueries(int topQueries) {
			this.topQueries = topQueries;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}
	}

}
