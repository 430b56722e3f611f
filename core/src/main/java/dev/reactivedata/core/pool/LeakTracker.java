package dev.reactivedata.core.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * Remembers who holds each connection handed out, and reports connections held longer than the threshold
 * with the acquiring call site.
 */
final class LeakTracker {

	private static final Log logger = LogFactory.getLog(GuardedConnectionPool.class);

	private static final List<String> FRAMEWORK_PREFIXES = List.of("java.", "jdk.", "sun.", "reactor.", "io.r2dbc.",
			"io.netty.", "org.springframework.", "org.reactivestreams.", "kotlin.", "kotlinx.", "org.junit.",
			"org.apache.maven.surefire.");

	private static final List<String> LIBRARY_CLASSES = List.of(GuardedConnectionPool.class.getName(),
			LeakTracker.class.getName(), TrackedConnection.class.getName(),
			"dev.reactivedata.core.tenant.TenantBindingConnectionFactory", "dev.reactivedata.core.tx.Transactions",
			"dev.reactivedata.core.tx.RollbackOnCancel",
			"dev.reactivedata.core.audit.DatabaseAuditLog", "dev.reactivedata.core.audit.AuditingEntityCallbacks");

	private static final int CALL_SITE_FRAMES = 3;

	static final String NOT_CAPTURED = "unknown";

	static final String ON_NON_BLOCKING_THREAD = "unknown (acquired on a non-blocking thread, whose stack holds the "
			+ "operators that resumed the work, not its caller)";

	private final Clock clock;

	private final Duration threshold;

	private final boolean captureCallSite;

	private final Map<Object, Hold> holds = new ConcurrentHashMap<>();

	private final Set<Object> reported = ConcurrentHashMap.newKeySet();

	LeakTracker(Clock clock, Duration threshold, boolean captureCallSite) {
		this.clock = clock;
		this.threshold = threshold;
		this.captureCallSite = captureCallSite;
	}

	/**
	 * Captures who acquires a connection now. This runs on every acquire, so only the stack is recorded (what a
	 * {@code Throwable} records as it is made); its frames are read and turned into text when a report asks.
	 * <p>
	 * An acquire on a non-blocking thread (an event loop, a {@code parallel} worker) records no stack: there the
	 * acquire is subscribed after the code that asked for it has returned its publisher, so the stack holds only
	 * the operators that resumed the work (and, above them, whatever completed before), never the caller. The walk
	 * of that deep stack was about an eighth of the event loops' time in a point read.
	 */
	Hold capture() {
		if (!this.captureCallSite) {
			return new Hold(this.clock.instant(), Thread.currentThread().getName(), null, NOT_CAPTURED);
		}
		if (Schedulers.isInNonBlockingThread()) {
			return new Hold(this.clock.instant(), Thread.currentThread().getName(), null, ON_NON_BLOCKING_THREAD);
		}
		return new Hold(this.clock.instant(), Thread.currentThread().getName(), new Throwable("acquired here"), null);
	}

	void acquired(Object connection, Hold hold) {
		this.holds.put(connection, hold);
	}

	void released(Object connection) {
		this.holds.remove(connection);
		this.reported.remove(connection);
	}

	/** Every connection in use, longest held first. */
	List<HeldConnection> held() {
		Instant now = this.clock.instant();
		return this.holds.values()
			.stream()
			.map(hold -> hold.view(now))
			.sorted(Comparator.comparing(HeldConnection::heldFor).reversed())
			.toList();
	}

	/** Connections held past the threshold, longest held first. */
	List<HeldConnection> leaks() {
		if (this.threshold.isZero()) {
			return List.of();
		}
		return held().stream().filter(held -> held.heldFor().compareTo(this.threshold) >= 0).toList();
	}

	/** Logs each connection once when it first exceeds the threshold. */
	void report() {
		if (this.threshold.isZero()) {
			return;
		}
		Instant now = this.clock.instant();
		this.holds.forEach((connection, hold) -> {
			HeldConnection view = hold.view(now);
			if (view.heldFor().compareTo(this.threshold) >= 0 && this.reported.add(connection)) {
				logger.warn("Possible connection leak: a connection has been " + view + " (threshold "
						+ this.threshold.toMillis() + " ms)");
			}
		});
	}

	static String callSite(StackTraceElement[] stack) {
		StringBuilder site = new StringBuilder();
		int frames = 0;
		for (StackTraceElement frame : stack) {
			if (isFramework(frame.getClassName())) {
				continue;
			}
			if (frames > 0) {
				site.append(" <- ");
			}
			site.append(frame);
			if (++frames == CALL_SITE_FRAMES) {
				break;
			}
		}
		return (frames == 0) ? "unknown (only framework frames on the stack)" : site.toString();
	}

	private static boolean isFramework(String className) {
		for (String prefix : FRAMEWORK_PREFIXES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		for (String library : LIBRARY_CLASSES) {
			if (className.equals(library) || className.startsWith(library + "$")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An acquire: when, on which thread, and the stack it was made from, or why there is none ({@code acquiredBy}
	 * is {@code null} exactly when {@code notCaptured} is not).
	 */
	record Hold(Instant acquiredAt, String thread, @Nullable Throwable acquiredBy, @Nullable String notCaptured) {

		HeldConnection view(Instant now) {
			Throwable stack = this.acquiredBy;
			return new HeldConnection(this.acquiredAt, Duration.between(this.acquiredAt, now), this.thread,
					(stack != null) ? callSite(stack.getStackTrace()) : String.valueOf(this.notCaptured));
		}

	}

}
