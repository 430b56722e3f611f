package dev.reactivedata.monitoring.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivedata.monitoring.insights.InsightsReport.DeadlockEvent;
import dev.reactivedata.monitoring.insights.InsightsReport.TableGrowth;
import dev.reactivedata.monitoring.insights.InsightsReport.TableSize;
import org.jspecify.annotations.Nullable;

/**
 * What the insights remember between reports, in memory and bounded: when the deadlock counter grew, and the
 * sizes of the largest tables at each report (the growth trend). Lost on restart, by choice: a table of the
 * library's own would need a migration and write traffic for a trend a dashboard can show from the last hours.
 */
final class ReportHistory {

	static final int MAX_DEADLOCK_EVENTS = 100;

	static final int MAX_SIZE_SAMPLES = 288;

	static final int MAX_TABLES = 50;

	private final Deque<DeadlockEvent> deadlocks = new ArrayDeque<>();

	private final Map<String, Deque<Sample>> sizes = new LinkedHashMap<>();

	private @Nullable Instant deadlockSeenAt;

	private long deadlockCount = -1;

	private record Sample(Instant at, long bytes) {
	}

	/** Records the deadlock counter and returns the history, oldest first. */
	synchronized List<DeadlockEvent> deadlocks(Instant now, long count) {
		if (this.deadlockSeenAt != null && this.deadlockCount >= 0 && count > this.deadlockCount) {
			this.deadlocks.addLast(new DeadlockEvent(now, this.deadlockSeenAt, count - this.deadlockCount));
			while (this.deadlocks.size() > MAX_DEADLOCK_EVENTS) {
				this.deadlocks.removeFirst();
			}
		}
		this.deadlockCount = count;
		this.deadlockSeenAt = now;
		return List.copyOf(this.deadlocks);
	}

	/** Records the tables' sizes and returns the trend of those seen at least twice. */
	synchronized List<TableGrowth> growth(Instant now, List<TableSize> tables) {
		List<TableGrowth> out = new ArrayList<>();
		for (TableSize table : tables) {
			String key = table.schema() + "." + table.table();
			Deque<Sample> samples = this.sizes.get(key);
			if (samples == null) {
				if (this.sizes.size() >= MAX_TABLES) {
					continue;
				}
				samples = new ArrayDeque<>();
				this.sizes.put(key, samples);
			}
			samples.addLast(new Sample(now, table.totalBytes()));
			while (samples.size() > MAX_SIZE_SAMPLES) {
				samples.removeFirst();
			}
			Sample first = samples.getFirst();
			Duration span = Duration.between(first.at(), now);
			if (samples.size() >= 2 && span.toMillis() > 0) {
				double perHour = (table.totalBytes() - first.bytes()) * 3_600_000.0 / span.toMillis();
				out.add(new TableGrowth(table.schema(), table.table(), first.at(), first.bytes(), table.totalBytes(),
						Math.round(perHour * 10) / 10.0));
			}
		}
		return out;
	}

}
