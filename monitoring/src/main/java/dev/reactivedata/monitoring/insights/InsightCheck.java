package dev.reactivedata.monitoring.insights;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The result of one insights check.
 *
 * @param <T> the type of finding
 * @param status {@code OK} (nothing to report), {@code WARN} (findings need attention) or {@code UNAVAILABLE}
 * (the check could not run here; {@code reason} says why)
 * @param findings what the check found, empty when unavailable
 * @param reason why the check is unavailable, {@code null} otherwise
 */
public record InsightCheck<T>(Status status, List<T> findings, @Nullable String reason) {

	/**
	 * The outcome of a check.
	 */
	public enum Status {

		/** Ran, nothing needs attention. */
		OK,

		/** Ran, some findings need attention. */
		WARN,

		/** Could not run (missing extension, privilege, old server). */
		UNAVAILABLE

	}

	/**
	 * Validates the result.
	 * @param status the status
	 * @param findings the findings
	 * @param reason the reason when unavailable
	 */
	public InsightCheck {
		Objects.requireNonNull(status, "status must not be null");
		findings = List.copyOf(findings);
	}

	static <T> InsightCheck<T> of(List<T> findings) {
		return new InsightCheck<>(findings.isEmpty() ? Status.OK : Status.WARN, findings, null);
	}

	static <T> InsightCheck<T> informational(List<T> findings) {
		return new InsightCheck<>(Status.OK, findings, null);
	}

	static <T> InsightCheck<T> unavailable(String reason) {
		return new InsightCheck<>(Status.UNAVAILABLE, List.of(), reason);
	}

}
