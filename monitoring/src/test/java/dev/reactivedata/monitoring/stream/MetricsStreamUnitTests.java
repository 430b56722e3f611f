package dev.reactivedata.monitoring.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.monitoring.UnconnectedPools;
import dev.reactivedata.monitoring.alert.Alert;
import dev.reactivedata.monitoring.alert.AlertEvaluator;
import dev.reactivedata.monitoring.alert.AlertEvent;
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
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MetricsStreamUnitTests {

	private VirtualTimeScheduler scheduler;

	private ConnectionPool pool;

	private MetricsStream stream;

	private final AtomicLong cacheHits = new AtomicLong();

	private final AtomicLong cacheMisses = new AtomicLong();

	private AlertEvaluator alerts;

	@BeforeEach
	void createStream() {
		this.scheduler = VirtualTimeScheduler.create();
		this.pool = UnconnectedPools.create(4);
		QueryMonitor monitor = QueryMonitor.create(QueryMonitorOptions.defaults());
		Clock clock = new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneId.of("UTC");
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return Instant.ofEpochMilli(MetricsStreamUnitTests.this.scheduler.now(java.util.concurrent.TimeUnit.MILLISECONDS));
			}

		};
		this.alerts = new AlertEvaluator(AlertThresholds.defaults());
		this.stream = new MetricsStream(PoolStatistics.of(this.pool).orElseThrow(), monitor.statistics(),
				() -> new CacheStatisticsSource.Reading(this.cacheHits.get(), this.cacheMisses.get(), 0, "CLOSED"),
				this.alerts, clock, this.scheduler);
	}

	@AfterEach
	void dispose() {
		this.pool.dispose();
		this.scheduler.dispose();
	}

	@Test
	void thousandSubscribersShareOneComputationPerTick() {
		List<Disposable> subscriptions = new ArrayList<>();
		List<AtomicLong> received = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			AtomicLong count = new AtomicLong();
			received.add(count);
			subscriptions.add(this.stream.snapshots(Duration.ofSeconds(1)).subscribe(snapshot -> count.incrementAndGet()));
		}
		long before = this.stream.computations();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(this.stream.computations() - before).isEqualTo(10);
		assertThat(received).allSatisfy(count -> assertThat(count.get()).isGreaterThanOrEqualTo(10));
		subscriptions.forEach(Disposable::dispose);
	}

	@Test
	void stalledSubscriberKeepsOnlyTheLatestAndOthersContinue() {
		List<Long> fast = new ArrayList<>();
		List<Throwable> errors = new ArrayList<>();
		Disposable healthy = this.stream.snapshots(Duration.ofSeconds(1))
			.subscribe(snapshot -> fast.add(snapshot.timestamp().toEpochMilli()), errors::add);
		StalledSubscriber stalled = new StalledSubscriber();
		this.stream.snapshots(Duration.ofSeconds(1)).subscribe(stalled);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1000));
		assertThat(fast).hasSizeGreaterThanOrEqualTo(1000);
		assertThat(errors).isEmpty();
		assertThat(stalled.received).hasSize(1);
		assertThat(stalled.error).isNull();
		stalled.requestMore(5);
		// Only the latest snapshot was kept for it, not a backlog of 1,000.
		assertThat(stalled.received).hasSize(2);
		assertThat(stalled.received.get(1)).isEqualTo(fast.get(fast.size() - 1));
		healthy.dispose();
		stalled.dispose();
	}

	@Test
	void snapshotCarriesRatesOverTheInterval() {
		List<DataLayerSnapshot> snapshots = new ArrayList<>();
		Disposable subscription = this.stream.snapshots(Duration.ofSeconds(2)).subscribe(snapshots::add);
		this.cacheHits.set(10);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		subscription.dispose();
		assertThat(snapshots).hasSize(2);
		DataLayerSnapshot second = snapshots.get(1);
		assertThat(second.cache().hitsPerSecond()).isEqualTo(5.0);
		assertThat(second.cache().hitRatio()).isEqualTo(1.0);
		assertThat(second.cache().circuit()).isEqualTo("CLOSED");
		assertThat(second.pool().max()).isEqualTo(4);
		assertThat(second.queries().perSecond()).isZero();
		assertThat(second.alerts()).isEmpty();
		assertThat(snapshots.get(0).cache().hitRatio()).isNull();
	}

	@Test
	void unsubscribingStopsTheTicks() {
		Disposable subscription = this.stream.snapshots(Duration.ofSeconds(1)).subscribe();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		subscription.dispose();
		long after = this.stream.computations();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(this.stream.computations()).isEqualTo(after);
	}

	@Test
	void recordingEvaluatesAlertsWithoutSubscribersAndResolvesThemWhenTrafficStops() {
		Disposable recording = this.stream.recording(Duration.ofSeconds(1)).subscribe();
		for (int second = 0; second < 10; second++) {
			this.cacheMisses.addAndGet(1_000);
			this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		}
		assertThat(this.alerts.active()).extracting(Alert::name).containsExactly("cache-hit-ratio");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(this.alerts.active()).isEmpty();
		assertThat(this.alerts.eventsAfter(0)).extracting(AlertEvent::name, AlertEvent::state).containsExactly(
				tuple("cache-hit-ratio", AlertEvent.State.RAISED), tuple("cache-hit-ratio", AlertEvent.State.RESOLVED));
		long firstId = this.alerts.eventsAfter(0).get(0).id();
		assertThat(this.alerts.eventsAfter(firstId)).extracting(AlertEvent::state)
			.containsExactly(AlertEvent.State.RESOLVED);
		assertThat(this.stream.history()).hasSize(41);
		assertThat(this.stream.history().get(40).alerts()).isEmpty();
		recording.dispose();
	}

	@Test
	void historyIsBounded() {
		Disposable recording = this.stream.recording(Duration.ofSeconds(1)).subscribe();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(MetricsStream.HISTORY + 100));
		assertThat(this.stream.history()).hasSize(MetricsStream.HISTORY);
		recording.dispose();
	}

	private static final class StalledSubscriber extends BaseSubscriber<DataLayerSnapshot> {

		private final List<Long> received = new ArrayList<>();

		private volatile Throwable error;

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(DataLayerSnapshot value) {
			this.received.add(value.timestamp().toEpochMilli());
		}

		@Override
		protected void hookOnError(Throwable throwable) {
			this.error = throwable;
		}

		void requestMore(long n) {
			request(n);
		}

	}

}
