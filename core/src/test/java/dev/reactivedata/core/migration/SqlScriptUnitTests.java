package dev.reactivedata.core.migration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptUnitTests {

	@Test
	void splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
		String script = """
				-- header; not a statement
				CREATE TABLE t (a text DEFAULT 'x;y', "b;c" int);
				/* block;
				   comment */
				CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;

				INSERT INTO t VALUES ('it''s; fine')
				""";
		assertThat(SqlScript.split(script)).containsExactly(
				new SqlScript.Statement(2, "CREATE TABLE t (a text DEFAULT 'x;y', \"b;c\" int)"),
				new SqlScript.Statement(5, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$"),
				new SqlScript.Statement(7, "INSERT INTO t VALUES ('it''s; fine')"));
	}

	@Test
	void namesWhatAStatementDoes() {
		assertThat(StatementEffect.describe("create unique index if not exists t_a_idx ON t (a)"))
			.isEqualTo("create unique index t_a_idx");
		assertThat(StatementEffect.describe("ALTER TABLE ONLY public.t ADD COLUMN c int")).isEqualTo("alter table public.t");
		assertThat(StatementEffect.describe("DROP TABLE IF EXISTS t")).isEqualTo("drop table t");
		assertThat(StatementEffect.describe("UPDATE t SET a = 'b'")).isEqualTo("update t");
		assertThat(StatementEffect.describe("GRANT SELECT ON t TO app")).isEqualTo("grant");
	}

	@Test
	void knowsWhatCannotRunInATransaction() {
		assertThat(StatementEffect.canRunInTransaction("CREATE INDEX CONCURRENTLY i ON t (a)")).isFalse();
		assertThat(StatementEffect.canRunInTransaction("create unique index\n  concurrently i on t (a)")).isFalse();
		assertThat(StatementEffect.canRunInTransaction("VACUUM ANALYZE t")).isFalse();
		assertThat(StatementEffect.canRunInTransaction("ALTER SYSTEM SET work_mem = '8MB'")).isFalse();
		assertThat(StatementEffect.canRunInTransaction("CREATE DATABASE x")).isFalse();
		assertThat(StatementEffect.canRunInTransaction("CREATE INDEX i ON t (a)")).isTrue();
	}

}
