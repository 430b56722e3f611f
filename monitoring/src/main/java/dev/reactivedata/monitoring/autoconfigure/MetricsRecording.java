package dev.reactivedata.monitoring.autoconfigure;

import java.time.Duration;

import dev.reactivedata.monitoring.stream.MetricsStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps {@link MetricsStream#recording(Duration)} subscribed while the application runs, every second (the
 * streams' default interval, so a dashboard shares the ticks): the alert rules are evaluated on every tick
 * whether or not anyone watches, and the last snapshots are kept for backfilling charts.
 */
final class MetricsRecording implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(MetricsRecording.class);

	private final MetricsStream stream;

	private @Nullable Disposable recording;

	MetricsRecording(MetricsStream stream) {
		this.stream = stream;
	}

	@Override
	public synchronized void start() {
		if (this.recording == null) {
			this.recording = this.stream.recording(INTERVAL)
				.subscribe(snapshot -> { }, ex -> logger.error("Metrics recording stopped; alerts are no longer "
						+ "evaluated without a subscriber", ex));
		}
	}

	@Override
	public synchronized void stop() {
		if (this.recording != null) {
			this.recording.dispose();
			this.recording = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.recording != null;
	}

}
