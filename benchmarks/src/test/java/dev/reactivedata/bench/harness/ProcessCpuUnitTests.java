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
		ProcessCpu.Reading reading = ProcessCpu.read();
		// Starting JUnit alone compiles hundreds of methods.
		assertThat(reading.jitNanos()).isPositive().isLessThan(reading.nanos());
	}

	@Test
	void theCompilerThreadsOfAnotherJvmAreReadByItsProcess() throws Exception {
		assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("per-thread CPU time (Linux)").isTrue();
		assertThat(ProcessCpu.compilerNanos(ProcessHandle.current())).isPositive();
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		assertThat(ProcessCpu.compilerNanos(ended.toHandle())).isZero();
	}

	@Test
	void neitherCountGoesBackwards() {
		ProcessCpu.Reading first = ProcessCpu.read();
		ProcessCpu.Reading second = ProcessCpu.read();
		assertThat(second.jitNanos()).isGreaterThanOrEqualTo(first.jitNanos());
		assertThat(second.nanos()).isGreaterThanOrEqualTo(first.nanos());
	}

}
