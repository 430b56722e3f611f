package dev.reactivedata.core.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class LeakTrackerUnitTests {

	private final PoolHealthUnitTests.MutableClock clock = new PoolHealthUnitTests.MutableClock();

	@Test
	void callSiteSkipsFrameworkAndLibraryFrames() {
		StackTraceElement[] stack = {
				new StackTraceElement("dev.reactivedata.core.pool.LeakTracker", "capture", "LeakTracker.java", 1),
				new StackTraceElement("reactor.core.publisher.MonoDefer", "subscribe", "MonoDefer.java", 2),
				new StackTraceElement("org.springframework.r2dbc.core.DefaultDatabaseClient", "x", "D.java", 3),
				new StackTraceElement("com.example.ArticleService", "load", "ArticleService.java", 42),
				new StackTraceElement("com.example.ArticleController", "get", "ArticleController.java", 7) };
		assertThat(LeakTracker.callSite(stack)).startsWith("com.example.ArticleService.load(ArticleService.java:42)")
			.contains("ArticleController.get");
	}

	@Test
	void callSiteOfOnlyFrameworkFramesSaysSo() {
		StackTraceElement[] stack = { new StackTraceElement("reactor.core.publisher.Mono", "block", "Mono.java", 1) };
		assertThat(LeakTracker.callSite(stack)).startsWith("unknown");
	}

	@Test
	void connectionsHeldPastTheThresholdAreReportedLongestFirst() {
		LeakTracker tracker = new LeakTracker(this.clock, Duration.ofSeconds(10), true);
		Object first = new Object();
		Object second = new Object();
		tracker.acquired(first, tracker.capture());
		this.clock.advance(Duration.ofSeconds(5));
		tracker.acquired(second, tracker.capture());
		assertThat(tracker.leaks()).isEmpty();
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(tracker.leaks()).singleElement().satisfies(held -> {
			assertThat(held.heldFor()).isEqualTo(Duration.ofSeconds(11));
			assertThat(held.callSite()).contains("LeakTrackerUnitTests.connectionsHeldPastTheThreshold");
		});
		assertThat(tracker.held()).hasSize(2);
		tracker.released(first);
		assertThat(tracker.leaks()).isEmpty();
	}

	@Test
	void acquiresOnANonBlockingThreadRecordWhyTheyHaveNoCallSite() {
		LeakTracker tracker = new LeakTracker(this.clock, Duration.ofSeconds(10), true);
		Scheduler eventLoop = Schedulers.newParallel("leak-tracker-test", 1);
		try {
			Mono.fromSupplier(tracker::capture)
				.subscribeOn(eventLoop)
				.as(StepVerifier::create)
				.assertNext(hold -> {
					assertThat(hold.acquiredBy()).isNull();
					assertThat(hold.view(this.clock.instant())).satisfies(held -> {
						assertThat(held.thread()).startsWith("leak-tracker-test");
						assertThat(held.callSite()).isEqualTo(LeakTracker.ON_NON_BLOCKING_THREAD);
					});
				})
				.verifyComplete();
		}
		finally {
			eventLoop.dispose();
		}
		assertThat(tracker.capture().acquiredBy()).isNotNull();
	}

	@Test
	void zeroThresholdTurnsReportsOff() {
		LeakTracker tracker = new LeakTracker(this.clock, Duration.ZERO, false);
		tracker.acquired(new Object(), tracker.capture());
		this.clock.advance(Duration.ofHours(1));
		assertThat(tracker.leaks()).isEmpty();
		assertThat(tracker.held()).singleElement().satisfies(held -> assertThat(held.callSite()).isEqualTo("unknown"));
	}

}
