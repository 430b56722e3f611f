package dev.reactivedata.monitoring.query;

/**
 * Cumulative query counters since start, plus latency percentiles over the recent window.
 *
 * @param queries statements finished
 * @param errors statements that finished with an error
 * @param slow statements at or above the slow-query threshold
 * @param latency percentiles over the rolling window
 */
public record QueryTotals(long queries, long errors, long slow, LatencyWindow.Percentiles latency) {
}
