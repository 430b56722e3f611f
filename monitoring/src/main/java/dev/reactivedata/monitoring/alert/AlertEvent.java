package dev.reactivedata.monitoring.alert;

import java.time.Instant;

/**
 * An alert being raised or resolved.
 *
 * @param id a number increasing with each event of this evaluator, for SSE ids and resuming
 * @param name the rule's name
 * @param state {@code RAISED} or {@code RESOLVED}
 * @param severity {@code warning} or {@code critical}
 * @param message a plain-language description
 * @param value the value when the state changed
 * @param threshold the rule's threshold
 * @param time when the state changed
 */
public record AlertEvent(long id, String name, State state, String severity, String message, double value,
		double threshold, Instant time) {

	/**
	 * Whether the alert started or ended.
	 */
	public enum State {

		/** The rule is broken. */
		RAISED,

		/** The rule holds again. */
		RESOLVED

	}

}
