package dev.reactivedata.demo.stream;

import java.time.Duration;

import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.SlowQueryLog;
import dev.reactivedata.monitoring.stream.MetricsStream;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/metrics/stream}: data-layer {@code snapshot} events every interval, {@code alert} events as
 * alert rules are raised and resolved, {@code slow-query} events as slow statements finish, and a heartbeat
 * comment every 15 seconds so that closed connections are noticed. Alert and slow-query events are hot: a
 * client that does not keep up misses some rather than buffering them; snapshots are latest-only.
 */
@RestController
class MetricsStreamController {

	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private static final int EVENT_BUFFER = 64;

	private final MetricsStream stream;

	private final SlowQueryLog slowQueries;

	MetricsStreamController(MetricsStream stream, QueryMonitor monitor) {
		this.stream = stream;
		this.slowQueries = monitor.slowQueries();
	}

	@GetMapping(path = "/api/metrics/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream(@RequestParam(defaultValue = "1000") long intervalMs) {
		if (intervalMs < 100 || intervalMs > 60_000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "intervalMs must be between 100 and 60000");
		}
		Flux<ServerSentEvent<Object>> snapshots = this.stream.snapshots(Duration.ofMillis(intervalMs))
			.map(snapshot -> ServerSentEvent.<Object>builder(snapshot).event("snapshot").build());
		Flux<ServerSentEvent<Object>> alerts = this.stream.alertEvents()
			.onBackpressureBuffer(EVENT_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
			.map(alert -> ServerSentEvent.<Object>builder(alert).event("alert").build());
		Flux<ServerSentEvent<Object>> slow = this.slowQueries.events()
			.onBackpressureBuffer(EVENT_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
			.map(query -> ServerSentEvent.<Object>builder(query).event("slow-query").build());
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(HEARTBEAT)
			.map(tick -> ServerSentEvent.<Object>builder().comment("heartbeat").build());
		return Flux.merge(snapshots, alerts, slow, heartbeats);
	}

}
