package dev.reactivedata.bench.harness;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JITUnitTests {

	private static final Duration SLICE = Duration.ofSeconds(1);

	@Test
	void slicesWithUnderFivePercentCompilingAreQuiet() {
		assertThat(JIT.quiet(List.of(900L, 40L, 50L, 3L), 3, SLICE)).isTrue();
	}

	@Test
	void aCompilerStillBusyInOneOfTheLastSlicesIsNotQuiet() {
		assertThat(JIT.quiet(List.of(4L, 0L, 51L), 3, SLICE)).isFalse();
	}

	@Test
	void fewerSlicesThanAskedAreNotQuiet() {
		assertThat(JIT.quiet(List.of(0L, 0L), 3, SLICE)).isFalse();
	}

	@Test
	void thisJvmReportsItsCompilationTime() {
		assertThat(JIT.compilationMillis()).isPositive();
	}

}
