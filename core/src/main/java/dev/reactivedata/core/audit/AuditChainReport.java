package dev.reactivedata.core.audit;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of verifying one hash chain of the audit log.
 *
 * @param tenant the tenant whose chain was verified, or {@code null} for the entries written without a tenant
 * @param entriesChecked how many entries the tenant's chain holds (after retention), over all its lanes
 * @param entriesUnsealed how many of the tenant's entries are committed but not yet in its chain
 * ({@link AuditChainSealer}); they are not checked
 * @param firstBreak the first broken link in chain order, or {@code null} when the chain is intact
 */
public record AuditChainReport(@Nullable UUID tenant, long entriesChecked, long entriesUnsealed,
		@Nullable AuditChainBreak firstBreak) {

	/**
	 * Validates the report.
	 */
	public AuditChainReport {
		if (entriesChecked < 0) {
			throw new IllegalArgumentException("entriesChecked must not be negative, was " + entriesChecked);
		}
		if (entriesUnsealed < 0) {
			throw new IllegalArgumentException("entriesUnsealed must not be negative, was " + entriesUnsealed);
		}
	}

	/**
	 * Whether every link of the chain holds.
	 * @return {@code true} when no link is broken
	 */
	public boolean intact() {
		return this.firstBreak == null;
	}

	/**
	 * A broken link of a chain: the entry where verification first failed, and what was expected there.
	 *
	 * @param entryId the id of the entry where the chain breaks
	 * @param lane the tenant's chain (lane, 0-15) the entry belongs to
	 * @param position the entry's stored position in its lane
	 * @param kind how the chain breaks there
	 * @param expected for {@link Kind#MISSING_ENTRIES}, the position expected; for {@link Kind#CHANGED_ENTRY},
	 * the hash expected from the predecessor and the entry's content (hex)
	 * @param found the position or hash (hex) the entry holds
	 */
	public record AuditChainBreak(long entryId, int lane, long position, Kind kind, String expected, String found) {

		/**
		 * Validates the break.
		 */
		public AuditChainBreak {
			Objects.requireNonNull(kind, "kind must not be null");
			Objects.requireNonNull(expected, "expected must not be null");
			Objects.requireNonNull(found, "found must not be null");
		}

	}

	/** How a chain breaks at an entry. */
	public enum Kind {

		/**
		 * The entry's position does not follow its predecessor's in its lane (or the lane's retention anchor's):
		 * entries before it were removed other than by retention of the oldest ones.
		 */
		MISSING_ENTRIES,

		/**
		 * The entry's hash does not match its content and its predecessor's hash: the entry (or its stored hash)
		 * was changed after it was written.
		 */
		CHANGED_ENTRY

	}

}
