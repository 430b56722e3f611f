package dev.reactivedata.core.audit;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether a lane head recorded earlier ({@link AuditChainHead}) is still in the audit chain.
 *
 * @param head the head recorded earlier
 * @param outcome what the database holds at its position now
 * @param found the hash (hex) the database holds at the head's position, in the entry or in the lane's retention
 * anchor, or {@code null} when it holds neither
 */
public record AuditHeadCheck(AuditChainHead head, Outcome outcome, @Nullable String found) {

	/**
	 * Validates the check.
	 */
	public AuditHeadCheck {
		Objects.requireNonNull(head, "head must not be null");
		Objects.requireNonNull(outcome, "outcome must not be null");
	}

	/**
	 * Whether the head is still part of the chain.
	 * @return {@code true} for {@link Outcome#PRESENT} and {@link Outcome#RETAINED}
	 */
	public boolean holds() {
		return this.outcome == Outcome.PRESENT || this.outcome == Outcome.RETAINED;
	}

	/** What the database holds at a recorded head's position. */
	public enum Outcome {

		/**
		 * The entry is there with the same hash; the chain walk links every later entry of the lane to it.
		 */
		PRESENT,

		/**
		 * Retention deleted the entry, as the table's owner, with the oldest of its lane: the lane's anchor is at
		 * its position with the same hash, or past it.
		 */
		RETAINED,

		/**
		 * Neither the entry nor a retention anchor at or past its position is there: the lane's newest entries
		 * were deleted out of band.
		 */
		MISSING,

		/**
		 * The entry (or the retention anchor) at its position has another hash: the lane was cut back and written
		 * again, or the entry was rewritten.
		 */
		CHANGED

	}

}
