package dev.reactivedata.core.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention ({@code reactivedata.core.retention.*}): the defaults of {@code db retention} and the scheduled job
 * that runs it in the application (off by default).
 */
@ConfigurationProperties("reactivedata.core.retention")
public class ReactiveDataRetentionProperties {

	/** Whether the application runs retention on a schedule. */
	private boolean enabled;

	/** Age beyond which audit entries are deleted; unset keeps them all. */
	private @Nullable Duration auditOlderThan = Duration.ofDays(90);

	/** Age beyond which soft-deleted rows are purged; unset keeps them all. */
	private @Nullable Duration deletedOlderThan = Duration.ofDays(30);

	/** Rows deleted per statement and transaction, which bounds how long a batch holds its locks. */
	private int batchSize = 5_000;

	/** Time between two scheduled runs. */
	private Duration interval = Duration.ofDays(1);

	/** Time from start-up to the first scheduled run. */
	private Duration initialDelay = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getAuditOlderThan() {
		return this.auditOlderThan;
	}

	public void setAuditOlderThan(@Nullable Duration auditOlderThan) {
		this.auditOlderThan = auditOlderThan;
	}

	public @Nullable Duration getDeletedOlderThan() {
		return this.deletedOlderThan;
	}

	public void setDeletedOlderThan(@Nullable Duration deletedOlderThan) {
		this.deletedOlderThan = deletedOlderThan;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

}
