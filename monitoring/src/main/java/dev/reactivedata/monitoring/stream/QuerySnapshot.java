package dev.reactivedata.monitoring.stream;

/**
 * Statements in one stream interval.
 *
 * @param perSecond statements finished per second over the interval
 * @param errorsPerSecond statements failed per second over the interval
 * @param p50Ms median latency over the recent percentile window, in milliseconds
 * @param p95Ms 95th percentile latency over the recent percentile window
 * @param p99Ms 99th percentile latency over the recent percentile window
 * @param slow statements at or above the slow-query threshold during the interval
 */
public record QuerySnapshot(double perSecond, double errorsPerSecond, double p50Ms, double p95Ms, double p99Ms,
		long slow) {
}
