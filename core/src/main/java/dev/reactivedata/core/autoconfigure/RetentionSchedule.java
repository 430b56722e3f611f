package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.retention.RetentionOperations;
import dev.reactivedata.core.retention.RetentionOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Runs retention on a schedule while the application runs ({@code reactivedata.core.retention.enabled}). A run
 * that fails is logged with its cause and the next one runs on time.
 */
final class RetentionSchedule implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RetentionSchedule.class);

	private final RetentionOperations operations;

	private final RetentionOptions options;

	private final Duration initialDelay;

	private final Duration interval;

	private @Nullable Disposable schedule;

	RetentionSchedule(RetentionOperations operations, RetentionOptions options, Duration initialDelay, Duration interval) {
		this.operations = operations;
		this.options = options;
		this.initialDelay = initialDelay;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		// The schedule's subscription lives as long as the application: stop() disposes it.
		this.schedule = Flux.interval(this.initialDelay, this.interval)
			.onBackpressureDrop()
			.concatMap(tick -> this.operations.run(this.options, (table, rows) -> {
			}).doOnNext(report -> logger.info("Retention deleted " + report.total() + " rows: " + report.tables()))
				.onErrorResume(ex -> {
					logger.warn("Retention failed; the next run is in " + this.interval, ex);
					return Mono.empty();
				}))
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		if (this.schedule != null) {
			this.schedule.dispose();
			this.schedule = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

}
