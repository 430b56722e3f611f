package dev.reactivedata.monitoring.insights;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The result of one insights check.
 *
 * @param <T> the type of finding
 * @param status {@code OK} (nothing to report), {@code WARN} (findings need attention), {@code NOT_ENOUGH_DATA}
 * (the statistics cannot support a judgement yet; {@code reason} says what the check waits for) or
 * {@code UNAVAILABLE} (the check could not run here; {@code reason} says why)
 * @param findings what the check found; with {@code NOT_ENOUGH_DATA} the figures read so far, for information
 * @param reason why the check is unavailable or what it waits for, {@code null} otherwise
 * @param evidence what the judgement rests on (statistics age, blocks read, scans observed), {@code null} when
 * the check needs no evidence beyond its findings
 */
public record InsightCheck<T>(Status status, List<T> findings, @Nullable String reason, @Nullable String evidence) {

	/**
	 * The outcome of a check.
	 */
	public enum Status {

		/** Ran, nothing needs attention. */
		OK,

		/** Ran, some findings need attention. */
		WARN,

		/** Ran, but the statistics are too young or too thin to judge; nothing is recommended yet. */
		NOT_ENOUGH_DATA,

		/** Could not run (missing extension, privilege, old server). */
		UNAVAILABLE

	}

	/**
	 * Validates the result.
	 * @param status the status
	 * @param findings the findings
	 * @param reason the reason when unavailable or waiting for data
	 * @param evidence what the judgement rests on
	 */
	public InsightCheck {
		Objects.requireNonNull(status, "status must not be null");
		findings = List.copyOf(findings);
	}

	static <T> InsightCheck<T> of(List<T> findings) {
		return new InsightCheck<>(findings.isEmpty() ? Status.OK : Status.WARN, findings, null, null);
	}

	static <T> InsightCheck<T> of(List<T> findings, String evidence) {
		return new InsightCheck<>(findings.isEmpty() ? Status.OK : Status.WARN, findings, null, evidence);
	}

	static <T> InsightCheck<T> informational(List<T> findings) {
		return new InsightCheck<>(Status.OK, findings, null, null);
	}

	static <T> InsightCheck<T> notEnoughData(List<T> findings, String waitingFor, String evidence) {
		return new InsightCheck<>(Status.NOT_ENOUGH_DATA, findings, waitingFor, evidence);
	}

	static <T> InsightCheck<T> unavailable(String reason) {
		return new InsightCheck<>(Status.UNAVAILABLE, List.of(), reason, null);
	}

	/** @return whether the findings may be acted upon: the check ran and had enough evidence */
	boolean judged() {
		return this.status == Status.OK || this.status == Status.WARN;
	}

}
