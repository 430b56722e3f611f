package dev.reactivedata.monitoring.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.monitoring.UnconnectedPools;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertThresholds;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EncodedSnapshotsUnitTests {

	private VirtualTimeScheduler scheduler;

	private ConnectionPool pool;

	private MetricsStream stream;

	private final AtomicLong encodings = new AtomicLong();

	private EncodedSnapshots<String> encoded;

	@BeforeEach
	void createStream() {
		this.scheduler = VirtualTimeScheduler.create();
		this.pool = UnconnectedPools.create(4);
		this.stream = new MetricsStream(PoolStatistics.of(this.pool).orElseThrow(),
				QueryMonitor.create(QueryMonitorOptions.defaults()).statistics(), CacheStatisticsSource.NONE,
				new AlertEvaluator(AlertThresholds.defaults()), Clock.systemUTC(), this.scheduler);
		this.encoded = new EncodedSnapshots<>(this.stream,
				snapshot -> "encoding " + this.encodings.incrementAndGet());
	}

	@AfterEach
	void dispose() {
		this.pool.dispose();
		this.scheduler.dispose();
	}

	@Test
	void thousandSubscribersShareOneEncodingPerTick() {
		List<Disposable> subscriptions = new ArrayList<>();
		List<List<String>> received = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			List<String> events = new ArrayList<>();
			received.add(events);
			subscriptions.add(this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(events::add));
		}
		long before = this.encodings.get();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(this.encodings.get() - before).isEqualTo(10);
		// Every subscriber got the very same encoded events, the last ten of them.
		List<String> lastTen = List.of("encoding 2", "encoding 3", "encoding 4", "encoding 5", "encoding 6",
				"encoding 7", "encoding 8", "encoding 9", "encoding 10", "encoding 11");
		assertThat(received).allSatisfy(events -> assertThat(events).endsWith(lastTen.toArray(String[]::new)));
		subscriptions.forEach(Disposable::dispose);
	}

	@Test
	void eachSubscriberGetsItsOwnCopyOfTheTickEncoding() {
		AtomicLong copies = new AtomicLong();
		List<List<StringBuilder>> received = new ArrayList<>();
		List<Disposable> subscriptions = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			List<StringBuilder> events = new ArrayList<>();
			received.add(events);
			subscriptions.add(this.encoded.snapshots(Duration.ofSeconds(1), encoding -> {
				copies.incrementAndGet();
				return new StringBuilder(encoding);
			}).subscribe(events::add));
		}
		long before = this.encodings.get();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(this.encodings.get() - before).isEqualTo(2);
		assertThat(received).allSatisfy(events -> assertThat(events).map(StringBuilder::toString)
			.endsWith("encoding 2", "encoding 3"));
		assertThat(received.get(0).get(1)).isNotSameAs(received.get(1).get(1)).isNotSameAs(received.get(2).get(1));
		assertThat(copies.get()).isEqualTo(received.stream().mapToInt(List::size).sum());
		subscriptions.forEach(Disposable::dispose);
	}

	@Test
	void aFailingCopyEndsOnlyItsSubscriber() {
		List<String> healthy = new ArrayList<>();
		Disposable other = this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(healthy::add);
		List<Throwable> errors = new ArrayList<>();
		Disposable failing = this.encoded.snapshots(Duration.ofSeconds(1), encoding -> {
			throw new IllegalStateException("cannot copy");
		}).subscribe(null, errors::add);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		assertThat(errors).singleElement().satisfies(error -> assertThat(error).hasMessage("cannot copy"));
		// The tick on subscribing, then one a second.
		assertThat(healthy).hasSize(4);
		failing.dispose();
		other.dispose();
	}

	@Test
	void intervalsAreEncodedApart() {
		List<String> everySecond = new ArrayList<>();
		List<String> everyTwoSeconds = new ArrayList<>();
		Disposable one = this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(everySecond::add);
		Disposable two = this.encoded.snapshots(Duration.ofSeconds(2)).subscribe(everyTwoSeconds::add);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(4));
		assertThat(everySecond).hasSize(5);
		assertThat(everyTwoSeconds).hasSize(3);
		assertThat(this.encodings.get()).isEqualTo(8);
		one.dispose();
		two.dispose();
	}

	@Test
	void stalledSubscriberSkipsTicksWithoutBacklogAndOthersContinue() {
		List<String> fast = new ArrayList<>();
		Disposable healthy = this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(fast::add);
		StalledSubscriber stalled = new StalledSubscriber();
		this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(stalled);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1000));
		assertThat(fast).hasSizeGreaterThanOrEqualTo(1000);
		assertThat(stalled.received).hasSize(1);
		stalled.requestMore(5);
		// Nothing was kept for it while it stalled: no backlog of 1,000, and the next tick reaches it with the rest.
		assertThat(stalled.received).hasSize(1);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(stalled.received).hasSize(2);
		assertThat(stalled.received.get(1)).isEqualTo(fast.get(fast.size() - 1));
		healthy.dispose();
		stalled.dispose();
	}

	@Test
	void unsubscribingStopsTheEncoding() {
		Disposable subscription = this.encoded.snapshots(Duration.ofSeconds(1)).subscribe();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		subscription.dispose();
		long after = this.encodings.get();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(this.encodings.get()).isEqualTo(after);
	}

	@Test
	void aSubscriberAfterTheLastLeftStartsTheTicksAfresh() {
		this.encoded.snapshots(Duration.ofSeconds(1)).subscribe().dispose();
		long after = this.encodings.get();
		List<String> received = new ArrayList<>();
		Disposable subscription = this.encoded.snapshots(Duration.ofSeconds(1)).subscribe(received::add);
		// Its first tick on subscribing, computed and encoded for it alone.
		assertThat(received).containsExactly("encoding " + (after + 1));
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(received).hasSize(3);
		subscription.dispose();
	}

	@Test
	void encoderErrorEndsEverySubscriberAndTheNextStartsAfresh() {
		AtomicBoolean failing = new AtomicBoolean(true);
		EncodedSnapshots<String> fragile = new EncodedSnapshots<>(this.stream, snapshot -> {
			if (failing.get()) {
				throw new IllegalStateException("cannot encode");
			}
			return "encoded";
		});
		List<Throwable> errors = new ArrayList<>();
		Disposable first = fragile.snapshots(Duration.ofSeconds(1)).subscribe(null, errors::add);
		Disposable second = fragile.snapshots(Duration.ofSeconds(1)).subscribe(null, errors::add);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(errors).hasSize(2).allSatisfy(error -> assertThat(error).hasMessage("cannot encode"));
		failing.set(false);
		StepVerifier.create(fragile.snapshots(Duration.ofSeconds(1)))
			.expectNext("encoded")
			.then(() -> this.scheduler.advanceTimeBy(Duration.ofSeconds(2)))
			.expectNext("encoded", "encoded")
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		first.dispose();
		second.dispose();
	}

	@Test
	void intervalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.encoded.snapshots(Duration.ZERO));
	}

	private static final class StalledSubscriber extends BaseSubscriber<String> {

		private final List<String> received = new ArrayList<>();

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(String value) {
			this.received.add(value);
		}

		void requestMore(long n) {
			request(n);
		}

	}

}
