package dev.reactivedata.core.migration;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a migration statement does, read from its text: the verb, the kind of object and its name, and whether
 * PostgreSQL can run it inside a transaction block.
 */
final class StatementEffect {

	private static final List<Pattern> NON_TRANSACTIONAL = List.of(
			Pattern.compile("^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\\b"), Pattern.compile("^REINDEX\\b.*\\bCONCURRENTLY\\b"),
			Pattern.compile("^REINDEX (SYSTEM|DATABASE)\\b"), Pattern.compile("^VACUUM\\b"),
			Pattern.compile("^(CREATE|DROP|ALTER) DATABASE\\b"), Pattern.compile("^ALTER SYSTEM\\b"),
			Pattern.compile("^(CREATE|DROP) TABLESPACE\\b"), Pattern.compile("^(CREATE|ALTER|DROP) SUBSCRIPTION\\b"),
			Pattern.compile("^ALTER TYPE \\S+ ADD VALUE\\b"), Pattern.compile("^(COMMIT|BEGIN|START TRANSACTION|ROLLBACK)\\b"));

	private static final Pattern DDL = Pattern.compile("^(CREATE|ALTER|DROP)( OR REPLACE)?( UNIQUE| TEMP| TEMPORARY| UNLOGGED| MATERIALIZED)?"
			+ " (TABLE|INDEX|VIEW|SEQUENCE|FUNCTION|PROCEDURE|TRIGGER|TYPE|SCHEMA|POLICY|EXTENSION|ROLE|DOMAIN|AGGREGATE)"
			+ "( IF (NOT )?EXISTS)?( ONLY)? ([^ (]+)");

	private static final Pattern DML = Pattern.compile("^(INSERT INTO|UPDATE|DELETE FROM|TRUNCATE( TABLE)?) (ONLY )?([^ (]+)");

	private StatementEffect() {
	}

	/**
	 * The statement on one line, upper-cased, for pattern matching only.
	 */
	private static String normalized(String sql) {
		return sql.replaceAll("\\s+", " ").strip().toUpperCase(Locale.ROOT);
	}

	static boolean canRunInTransaction(String sql) {
		String text = normalized(sql);
		return NON_TRANSACTIONAL.stream().noneMatch(pattern -> pattern.matcher(text).find());
	}

	static boolean changesRows(String sql) {
		return DML.matcher(normalized(sql)).find();
	}

	/**
	 * Describes a statement, e.g. {@code create table articles} or {@code insert into tenants}.
	 */
	static String describe(String sql) {
		String text = normalized(sql);
		String original = sql.replaceAll("\\s+", " ").strip();
		Matcher ddl = DDL.matcher(text);
		if (ddl.find()) {
			String kind = ((ddl.group(3) != null) ? ddl.group(3).strip() + " " : "") + ddl.group(4);
			return ddl.group(1).toLowerCase(Locale.ROOT) + " " + kind.toLowerCase(Locale.ROOT) + " "
					+ original.substring(ddl.start(8), ddl.end(8));
		}
		Matcher dml = DML.matcher(text);
		if (dml.find()) {
			return dml.group(1).toLowerCase(Locale.ROOT) + " " + original.substring(dml.start(4), dml.end(4));
		}
		int space = text.indexOf(' ');
		return ((space < 0) ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
	}

}
