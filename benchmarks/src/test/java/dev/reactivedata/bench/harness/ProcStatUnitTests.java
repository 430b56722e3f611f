package dev.reactivedata.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProcStatUnitTests {

	@Test
	void readsACommandNameWithSpacesAndParenthesesAndTheParentAndTicksAfterIt() {
		ProcStat stat = ProcStat.parse("4242 (postgres: a) (b) S 17 4242 4242 0 -1 4194560 900 0 0 0 "
				+ "120 30 7 3 20 0 1 0 3300 226000000 5000 18446744073709551615\n");
		assertThat(stat).isEqualTo(new ProcStat("postgres: a) (b", 17, 150, 10));
	}

	@Test
	void aToolThisJvmRanAndWaitedForAddsToItsReapedTicks() throws Exception {
		assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("/proc (Linux)").isTrue();
		long before = ProcStat.self().orElseThrow().reapedTicks();
		// About 0.3 s of CPU in a child: 30 ticks, well above the rounding of a tick or two.
		Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
		assertThat(busy.waitFor()).isZero();
		assertThat(ProcStat.self().orElseThrow().reapedTicks()).isGreaterThan(before);
	}

	@Test
	void aProcessThatIsNotThereReadsEmpty() {
		assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
	}

}
