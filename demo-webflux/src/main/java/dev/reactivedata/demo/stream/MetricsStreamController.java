package dev.reactivedata.demo.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.monitoring.alert.AlertEvent;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.SlowQueryLog;
import dev.reactivedata.monitoring.stream.DataLayerSnapshot;
import dev.reactivedata.monitoring.stream.EncodedSnapshots;
import dev.reactivedata.monitoring.stream.MetricsStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/metrics/stream}: data-layer {@code snapshot} events every interval, {@code alert} events as
 * alert rules are raised and resolved, {@code slow-query} events as slow statements finish, and a heartbeat
 * comment every 15 seconds so that closed connections are noticed. Slow-query events are hot: a client that does
 * not keep up misses some rather than buffering them, and skips the snapshots of the ticks it is behind on. Alert
 * events carry their number as the SSE {@code id}; the stream opens with a {@code hello} event carrying the current
 * number and a {@code retry}, so a client reconnecting with {@code Last-Event-ID} first gets the alert events it
 * missed (as far as the server keeps them). {@code GET /api/metrics/history} returns the snapshots the server kept,
 * for charts to backfill.
 * <p>
 * A {@code snapshot} event is encoded once per tick for every client of the same interval, down to the bytes of its
 * frame ({@link SseFrames}), and each client's response writes those bytes as they are: a thousand clients neither
 * serialize the snapshot nor format the event a thousand times. The other events are rare and encoded per client.
 */
@RestController
class MetricsStreamController {

	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	static final Duration RETRY = Duration.ofSeconds(3);

	private static final int EVENT_BUFFER = 64;

	private static final byte[] HEARTBEAT_FRAME = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	private final MetricsStream stream;

	private final SseFrames frames;

	private final EncodedSnapshots<byte[]> snapshotFrames;

	private final SlowQueryLog slowQueries;

	MetricsStreamController(MetricsStream stream, QueryMonitor monitor, JsonMapper jsonMapper) {
		this.stream = stream;
		this.frames = new SseFrames(jsonMapper);
		this.snapshotFrames = new EncodedSnapshots<>(stream, snapshot -> this.frames
			.encode(ServerSentEvent.builder(jsonMapper.writeValueAsString(snapshot)).event("snapshot").build()));
		this.slowQueries = monitor.slowQueries();
	}

	@GetMapping(path = "/api/metrics/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> stream(@RequestParam(defaultValue = "1000") long intervalMs,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			ServerHttpResponse response) {
		if (intervalMs < 100 || intervalMs > 60_000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "intervalMs must be between 100 and 60000");
		}
		long resumeAfter = resumeAfter(lastEventId);
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-cache");
		response.getHeaders().set("X-Accel-Buffering", "no");
		Set<Long> replayed = ConcurrentHashMap.newKeySet();
		// Live alerts are subscribed before the missed ones are read, so none falls between; the ids dedupe.
		Flux<byte[]> live = this.stream.alertEvents()
			.onBackpressureBuffer(EVENT_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
			.filter(alert -> alert.id() > resumeAfter && !replayed.contains(alert.id()))
			.map(alert -> this.frames.encode(alertEvent(alert)));
		Flux<byte[]> opening = Flux.defer(() -> {
			List<AlertEvent> missed = (resumeAfter >= 0) ? this.stream.alertEventsAfter(resumeAfter) : List.of();
			missed.forEach(alert -> replayed.add(alert.id()));
			List<AlertEvent> kept = this.stream.alertEventsAfter(-1);
			long current = kept.isEmpty() ? Math.max(resumeAfter, 0) : kept.get(kept.size() - 1).id();
			ServerSentEvent<Object> hello = ServerSentEvent.<Object>builder(Map.of("lastAlertId", current,
					"resumedAfter", resumeAfter, "missedAlerts", missed.size()))
				.event("hello")
				.id(Long.toString(current))
				.retry(RETRY)
				.build();
			return Flux.concat(Flux.fromIterable(missed).map(MetricsStreamController::alertEvent), Flux.just(hello))
				.map(this.frames::encode);
		});
		Flux<byte[]> slow = this.slowQueries.events()
			.onBackpressureBuffer(EVENT_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
			.map(query -> this.frames.encode(ServerSentEvent.builder(query).event("slow-query").build()));
		Flux<byte[]> heartbeats = Flux.interval(HEARTBEAT).map(tick -> HEARTBEAT_FRAME);
		// One body of frames, not a publisher per frame: Reactor Netty flushes as soon as it has written what is
		// queued, so each tick's frame leaves at once; wrapping shares the bytes instead of copying them.
		DataBufferFactory buffers = response.bufferFactory();
		Flux<DataBuffer> others = Flux.merge(live, opening, slow, heartbeats).map(buffers::wrap);
		// Each client's buffer of a tick's frame is made as the tick reaches it (a write advances its read position).
		Flux<DataBuffer> snapshots = this.snapshotFrames.snapshots(Duration.ofMillis(intervalMs), buffers::wrap);
		return response.writeWith(Flux.merge(others, snapshots));
	}

	/**
	 * The snapshots the server recorded (one a second, the last 15 minutes), oldest first.
	 * @param minutes how far back, 1 to 15 (default 15)
	 * @return {@code {snapshots: [...]}}
	 */
	@GetMapping("/api/metrics/history")
	Map<String, List<DataLayerSnapshot>> history(@RequestParam(defaultValue = "15") int minutes) {
		if (minutes < 1 || minutes > 15) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "minutes must be between 1 and 15");
		}
		Instant since = Instant.now().minus(Duration.ofMinutes(minutes));
		return Map.of("snapshots",
				this.stream.history().stream().filter(snapshot -> !snapshot.timestamp().isBefore(since)).toList());
	}

	private static ServerSentEvent<Object> alertEvent(AlertEvent alert) {
		return ServerSentEvent.<Object>builder(alert).event("alert").id(Long.toString(alert.id())).build();
	}

	private static long resumeAfter(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return -1;
		}
		try {
			return Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Last-Event-ID must be a number", ex);
		}
	}

}
