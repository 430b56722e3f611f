package dev.reactivedata.core.transfer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CsvCells}: neutralising PostgreSQL's CSV records and reading records back.
 */
class CsvCellsUnitTests {

	@Test
	void neutralisesTextCellsThatStartAFormula() {
		int[] count = new int[1];
		byte[] row = "=1+2,-5,\"@x,y\",'-z,plain\n".getBytes(StandardCharsets.UTF_8);
		byte[] result = CsvCells.neutralise(row, new boolean[] { true, false, true, true, true }, count);
		assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("'=1+2,-5,\"'@x,y\",''-z,plain\n");
		assertThat(count[0]).isEqualTo(3);
	}

	@Test
	void leavesSafeRecordsAsTheyAre() {
		byte[] row = "a,\"b\"\"=c\",,\n".getBytes(StandardCharsets.UTF_8);
		assertThat(CsvCells.neutralise(row, new boolean[] { true, true, true, true }, new int[1])).isSameAs(row);
	}

	@Test
	void restoreTakesOneQuoteOff() {
		assertThat(CsvCells.restore("'=1")).isEqualTo("=1");
		assertThat(CsvCells.restore("''-1")).isEqualTo("'-1");
		assertThat(CsvCells.restore("'quoted")).isEqualTo("'quoted");
		assertThat(CsvCells.restore(null)).isNull();
	}

	@Test
	void readsRecordsWithTheirLines() throws IOException {
		CsvCells.RecordReader reader = new CsvCells.RecordReader(new StringReader("a,b\r\n\"x\ny\",\"\"\n\n1,\n"));
		assertThat(reader.next()).containsExactly("a", "b");
		assertThat(reader.recordLine()).isEqualTo(1);
		assertThat(reader.next()).containsExactly("x\ny", "");
		assertThat(reader.recordLine()).isEqualTo(2);
		assertThat(reader.next()).isEqualTo(Arrays.asList("1", null));
		assertThat(reader.recordLine()).isEqualTo(5);
		assertThat(reader.next()).isNull();
	}

}
