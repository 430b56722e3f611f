package dev.reactivedata.core.audit;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The newest entry of one lane of a tenant's audit chain, as {@link AuditChainVerifier#heads()} read it: kept
 * outside the database (see {@link AuditChainAnchorFile}), it lets {@link AuditChainVerifier#checkHeads} detect a
 * lane whose newest entries were deleted, which no walk of the chain inside the database can.
 *
 * @param tenant the tenant, or {@code null} for the entries written without a tenant
 * @param lane the lane (0-15)
 * @param position the entry's position in its lane
 * @param hash the entry's hash, 64 hex digits (stored in lower case)
 */
public record AuditChainHead(@Nullable UUID tenant, int lane, long position, String hash) {

	/**
	 * Validates the head.
	 */
	public AuditChainHead {
		if (lane < 0 || lane > 15) {
			throw new IllegalArgumentException("lane must be between 0 and 15, was " + lane);
		}
		if (position < 1) {
			throw new IllegalArgumentException("position must be positive, was " + position);
		}
		Objects.requireNonNull(hash, "hash must not be null");
		if (hash.length() != 64 || !hash.chars().allMatch(HexFormat::isHexDigit)) {
			throw new IllegalArgumentException("hash must be 64 hex digits, was '" + hash + "'");
		}
		hash = hash.toLowerCase(Locale.ROOT);
	}

}
