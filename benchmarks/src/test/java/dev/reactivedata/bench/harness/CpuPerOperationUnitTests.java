package dev.reactivedata.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuPerOperationUnitTests {

	@Test
	void chargesTheSidesCpuTimeToEachOfItsOperations() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		// 1,000 operations over a 1 s trial that burned at least 100 ms of this thread's CPU: at least 100 µs each.
		Side busy = duration -> {
			long start = threads.getCurrentThreadCpuTime();
			long spins = 0;
			while (threads.getCurrentThreadCpuTime() - start < 100_000_000L) {
				spins++;
			}
			return Sample.of(spins > 0 ? 1_000 : 0);
		};
		Sample sample = CpuPerOperation.of(busy, null).measure(Duration.ofSeconds(1));
		assertThat(sample.value()).isEqualTo(1_000);
		assertThat(sample.extras()).containsOnlyKeys(CpuPerOperation.CLIENT);
		assertThat(sample.extras().get(CpuPerOperation.CLIENT)).isGreaterThanOrEqualTo(100);
	}

	@Test
	void leavesASampleWithoutOperationsAsItIs() throws Exception {
		Sample sample = CpuPerOperation.of(duration -> Sample.of(0), null).measure(Duration.ofSeconds(1));
		assertThat(sample.extras()).isEmpty();
	}

}
