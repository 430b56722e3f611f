package dev.reactivedata.core.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConsistencyTokenUnitTests {

	@Test
	void parsesAndPrintsPostgresLsnText() {
		ConsistencyToken token = ConsistencyToken.parse("16/B374D848");
		assertThat(token.lsn()).isEqualTo(0x16B374D848L);
		assertThat(token).hasToString("16/B374D848");
		assertThat(ConsistencyToken.parse("0/0")).hasToString("0/0");
	}

	@Test
	void comparesPositionsAndMeasuresTheirDistance() {
		ConsistencyToken earlier = ConsistencyToken.parse("1/FFFFFFFF");
		ConsistencyToken later = ConsistencyToken.parse("2/10");
		assertThat(later.reached(earlier)).isTrue();
		assertThat(earlier.reached(later)).isFalse();
		assertThat(later.bytesAfter(earlier)).isEqualTo(0x11);
		assertThat(earlier.bytesAfter(later)).isZero();
	}

	@Test
	void rejectsTextThatIsNoLsn() {
		assertThatExceptionOfType(InvalidConsistencyTokenException.class).isThrownBy(() -> ConsistencyToken.parse("x"));
		assertThatExceptionOfType(InvalidConsistencyTokenException.class)
			.isThrownBy(() -> ConsistencyToken.parse("123456789/0"));
		assertThatExceptionOfType(InvalidConsistencyTokenException.class).isThrownBy(() -> ConsistencyToken.parse(null));
	}

	@Test
	void aSessionKeepsTheLatestPosition() {
		ConsistencySession session = ConsistencySession.start(ConsistencyToken.parse("0/20"));
		session.advance(ConsistencyToken.parse("0/10"));
		assertThat(session.token()).contains(ConsistencyToken.parse("0/20"));
		session.advance(ConsistencyToken.parse("0/30"));
		assertThat(session.token()).contains(ConsistencyToken.parse("0/30"));
	}

	@Test
	void onlyStatementsThatMayWriteCountAsWrites() {
		assertThat(CommitCapturingConnection.writes("SELECT 1")).isFalse();
		assertThat(CommitCapturingConnection.writes("  (select 1) union (select 2)")).isFalse();
		assertThat(CommitCapturingConnection.writes("SHOW search_path")).isFalse();
		assertThat(CommitCapturingConnection.writes("INSERT INTO t VALUES (1)")).isTrue();
		assertThat(CommitCapturingConnection.writes("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x")).isTrue();
		assertThat(CommitCapturingConnection.writes("update t set a = 1")).isTrue();
	}

}
