package dev.reactivedata.core.routing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A position in the primary's write-ahead log (a PostgreSQL {@code pg_lsn}) at or after a commit: a replica that
 * has replayed up to it sees that commit. Written as PostgreSQL writes LSNs, {@code 16/B374D848}.
 */
public final class ConsistencyToken implements Comparable<ConsistencyToken> {

	private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

	private final long lsn;

	private ConsistencyToken(long lsn) {
		this.lsn = lsn;
	}

	/**
	 * Returns the token of a WAL position.
	 * @param lsn the position as an unsigned 64-bit number
	 * @return the token
	 */
	public static ConsistencyToken of(long lsn) {
		return new ConsistencyToken(lsn);
	}

	/**
	 * Parses a token in PostgreSQL's {@code pg_lsn} text form.
	 * @param text such as {@code 16/B374D848}
	 * @return the token
	 * @throws InvalidConsistencyTokenException when the text is not an LSN
	 */
	public static ConsistencyToken parse(@Nullable String text) {
		Matcher matcher = (text != null) ? LSN.matcher(text.trim()) : null;
		if (matcher == null || !matcher.matches()) {
			throw new InvalidConsistencyTokenException(text);
		}
		return new ConsistencyToken((Long.parseLong(matcher.group(1), 16) << 32) | Long.parseLong(matcher.group(2), 16));
	}

	/** @return the WAL position as an unsigned 64-bit number */
	public long lsn() {
		return this.lsn;
	}

	/**
	 * Tells whether this position is at or after another.
	 * @param other the other token
	 * @return {@code true} when this one has reached {@code other}
	 */
	public boolean reached(ConsistencyToken other) {
		return compareTo(other) >= 0;
	}

	/**
	 * Returns the number of WAL bytes from another position to this one, zero when this one is not after it.
	 * @param earlier the other position
	 * @return the distance in bytes
	 */
	public long bytesAfter(ConsistencyToken earlier) {
		return reached(earlier) ? this.lsn - earlier.lsn : 0;
	}

	@Override
	public int compareTo(ConsistencyToken other) {
		return Long.compareUnsigned(this.lsn, other.lsn);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ConsistencyToken token && token.lsn == this.lsn;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.lsn);
	}

	/** @return the {@code pg_lsn} text form, such as {@code 16/B374D848} */
	@Override
	public String toString() {
		return (Long.toHexString(this.lsn >>> 32) + "/" + Long.toHexString(this.lsn & 0xFFFFFFFFL)).toUpperCase(Locale.ROOT);
	}

}
