package dev.reactivedata.bench.scenario;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZipfKeysUnitTests {

	private final ZipfKeys<Integer> keys = new ZipfKeys<>(IntStream.rangeClosed(1, 4).boxed().toList(), 1.0);

	@Test
	void ranksTakeSharesProportionalToOneOverTheirRank() {
		// Shares 12/25, 6/25, 4/25, 3/25: cumulative 0.48, 0.72, 0.88, 1.
		assertThat(this.keys.at(0.0)).isEqualTo(1);
		assertThat(this.keys.at(0.479)).isEqualTo(1);
		assertThat(this.keys.at(0.481)).isEqualTo(2);
		assertThat(this.keys.at(0.719)).isEqualTo(2);
		assertThat(this.keys.at(0.87)).isEqualTo(3);
		assertThat(this.keys.at(0.89)).isEqualTo(4);
		assertThat(this.keys.at(0.999_999)).isEqualTo(4);
	}

	@Test
	void drawsOnlyGivenKeys() {
		assertThat(IntStream.range(0, 1000).mapToObj(i -> this.keys.next())).allMatch(List.of(1, 2, 3, 4)::contains);
	}

	@Test
	void refusesNoKeys() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ZipfKeys<>(List.of(), 1.0));
	}

}
