package dev.reactivedata.monitoring.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps raw SQL to bounded {@link QueryShape}s. Normalized once per distinct raw text (cached up to a limit),
 * and at most {@code maxShapes} distinct shapes are ever handed out; the rest map to {@link QueryShape#OTHER}.
 */
final class QueryShapes {

	static final int MAX_SQL_LENGTH = 1000;

	private static final int MAX_CACHED_RAW = 4096;

	private static final Pattern VALUE_LIST = Pattern
		.compile("(?i)(\\b(?:IN|VALUES)\\s*)\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");

	private static final Pattern REPEATED_GROUPS = Pattern.compile("(\\([^()]*\\))(?:\\s*,\\s*\\1)+");

	private final int maxShapes;

	private final Map<String, QueryShape> byRawSql = new ConcurrentHashMap<>();

	private final Map<String, QueryShape> byNormalizedSql = new ConcurrentHashMap<>();

	QueryShapes(int maxShapes) {
		this.maxShapes = maxShapes;
	}

	QueryShape shapeOf(List<String> statements) {
		return shapeOf((statements.size() == 1) ? statements.get(0) : String.join("; ", statements));
	}

	QueryShape shapeOf(String raw) {
		QueryShape cached = this.byRawSql.get(raw);
		if (cached != null) {
			return cached;
		}
		QueryShape shape = register(normalize(raw));
		if (this.byRawSql.size() < MAX_CACHED_RAW) {
			this.byRawSql.put(raw, shape);
		}
		return shape;
	}

	int size() {
		return this.byNormalizedSql.size();
	}

	List<QueryShape> all() {
		return this.byNormalizedSql.values().stream().sorted(Comparator.comparing(QueryShape::id)).toList();
	}

	private QueryShape register(String normalized) {
		QueryShape known = this.byNormalizedSql.get(normalized);
		if (known != null) {
			return known;
		}
		if (this.byNormalizedSql.size() >= this.maxShapes) {
			return QueryShape.OTHER;
		}
		return this.byNormalizedSql.computeIfAbsent(normalized,
				sql -> new QueryShape(id(sql), sql, operation(sql)));
	}

	/**
	 * Normalizes SQL: comments dropped, whitespace collapsed, string, number and dollar-quoted literals and
	 * bind markers ({@code $1}, {@code ?}, {@code :name}) replaced by {@code ?}, value lists collapsed.
	 */
	static String normalize(String sql) {
		StringBuilder out = new StringBuilder(Math.min(sql.length(), 256));
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				while (i < n && sql.charAt(i) != '\n') {
					i++;
				}
				space(out);
			}
			else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? n : end + 2;
				space(out);
			}
			else if (Character.isWhitespace(c)) {
				space(out);
				i++;
			}
			else if (c == '\'') {
				i = skipQuoted(sql, i + 1, '\'');
				out.append('?');
			}
			else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(out)) {
				i = skipQuoted(sql, i + 2, '\'');
				out.append('?');
			}
			else if (c == '"') {
				int end = skipQuoted(sql, i + 1, '"');
				out.append(sql, i, end);
				i = end;
			}
			else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
				i++;
				while (i < n && Character.isDigit(sql.charAt(i))) {
					i++;
				}
				out.append('?');
			}
			else if (c == '$') {
				int tagEnd = sql.indexOf('$', i + 1);
				String tag = (tagEnd > 0) ? sql.substring(i, tagEnd + 1) : null;
				if (tag != null && tag.chars().skip(1).limit(tag.length() - 2L).allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
					int close = sql.indexOf(tag, tagEnd + 1);
					i = (close < 0) ? n : close + tag.length();
					out.append('?');
				}
				else {
					out.append(c);
					i++;
				}
			}
			else if (c == ':' && i + 1 < n && Character.isLetter(sql.charAt(i + 1)) && !(i > 0 && sql.charAt(i - 1) == ':')) {
				i++;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
					i++;
				}
				out.append('?');
			}
			else if (Character.isDigit(c) && !identifierBefore(out)) {
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
					i++;
				}
				out.append('?');
			}
			else {
				out.append(c);
				i++;
			}
		}
		String normalized = out.toString().strip();
		normalized = REPEATED_GROUPS.matcher(normalized).replaceAll("$1");
		normalized = VALUE_LIST.matcher(normalized).replaceAll("$1(?, ...)");
		if (normalized.length() > MAX_SQL_LENGTH) {
			normalized = normalized.substring(0, MAX_SQL_LENGTH - 3) + "...";
		}
		return normalized;
	}

	private static void space(StringBuilder out) {
		if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
			out.append(' ');
		}
	}

	private static boolean identifierBefore(StringBuilder out) {
		if (out.length() == 0) {
			return false;
		}
		char last = out.charAt(out.length() - 1);
		return Character.isLetterOrDigit(last) || last == '_' || last == '"';
	}

	private static int skipQuoted(String sql, int from, char quote) {
		int i = from;
		while (i < sql.length()) {
			if (sql.charAt(i) == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return i;
	}

	private static String operation(String sql) {
		int end = 0;
		while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
			end++;
		}
		return (end == 0) ? "other" : sql.substring(0, end).toLowerCase(Locale.ROOT);
	}

	private static String id(String normalized) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
