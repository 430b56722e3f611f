package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import dev.reactivedata.core.audit.AuditChainSealer;
import io.r2dbc.spi.R2dbcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;

/**
 * Seals committed audit entries every {@code reactivedata.core.audit.seal-interval} while the application runs
 * ({@code reactivedata.core.audit.sealing}), and once more as it stops, so that no entry it wrote stays unsealed.
 * A pass that fails is logged and the next one runs on time; where the library's migrations are missing (no
 * {@code reactivedata_audit_log_seal}), sealing stops after one warning.
 */
final class AuditSealSchedule implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AuditSealSchedule.class);

	private static final String UNDEFINED_FUNCTION = "42883";

	private final AuditChainSealer sealer;

	private final Duration interval;

	private @Nullable Disposable schedule;

	private volatile boolean unavailable;

	AuditSealSchedule(AuditChainSealer sealer, Duration interval) {
		this.sealer = sealer;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		// The schedule's subscription lives as long as the application: stop() disposes it.
		this.schedule = Flux.interval(this.interval, this.interval)
			.onBackpressureDrop()
			.concatMap(tick -> this.sealer.seal().onErrorResume(ex -> !undefinedFunction(ex), ex -> {
				logger.warn("Sealing the audit log failed; the next pass is in " + this.interval, ex);
				return Mono.empty();
			}))
			.subscribe(null, ex -> {
				this.unavailable = true;
				logger.warn("The audit log cannot be sealed (are the library's migrations applied?): its entries "
						+ "stay outside the hash chains. " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			});
	}

	@Override
	public void stop(Runnable callback) {
		synchronized (this) {
			if (this.schedule == null || this.unavailable) {
				callback.run();
				return;
			}
			this.schedule.dispose();
			this.schedule = null;
		}
		this.sealer.seal()
			.doOnError(ex -> logger.warn("Sealing the audit log on shutdown failed; the next start seals the rest", ex))
			.doFinally(signal -> callback.run())
			.subscribe(null, ex -> {
			});
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

	private static boolean undefinedFunction(Throwable ex) {
		return NestedExceptionUtils.getMostSpecificCause(ex) instanceof R2dbcException r2dbc
				&& UNDEFINED_FUNCTION.equals(r2dbc.getSqlState());
	}

}
