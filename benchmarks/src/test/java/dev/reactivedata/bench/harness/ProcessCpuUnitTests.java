package dev.reactivedata.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProcessCpuUnitTests {

	@Test
	void theCompilerThreadsTimeIsPartOfTheProcessTime() {
		assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("per-thread CPU time (Linux)").isTrue();
		long jit = ProcessCpu.jitNanos();
		long total = ProcessCpu.nanos();
		// Starting JUnit alone compiles hundreds of methods.
		assertThat(jit).isPositive().isLessThan(total);
	}

	@Test
	void neitherCountGoesBackwards() {
		long jit = ProcessCpu.jitNanos();
		long total = ProcessCpu.nanos();
		assertThat(ProcessCpu.jitNanos()).isGreaterThanOrEqualTo(jit);
		assertThat(ProcessCpu.nanos()).isGreaterThanOrEqualTo(total);
	}

}
