package dev.reactivedata.demo.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

/**
 * Frames are byte for byte what Spring's SSE writer writes for the same events.
 */
class SseFramesUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static Iterable<ServerSentEvent<Object>> events() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("lastAlertId", 7);
		data.put("note", "two\nlines");
		return List.of(
				ServerSentEvent.<Object>builder("{\"a\":1}").event("snapshot").build(),
				ServerSentEvent.<Object>builder(data).event("hello").id("7").retry(Duration.ofSeconds(3)).build(),
				ServerSentEvent.<Object>builder("first\nsecond\r\nthird\rfourth").build(),
				ServerSentEvent.<Object>builder().comment("heartbeat").build(),
				ServerSentEvent.<Object>builder("é ✓").event("alert").id("12").comment("two\nlines").build());
	}

	@ParameterizedTest
	@MethodSource("events")
	void aFrameIsWhatSpringsWriterWrites(ServerSentEvent<Object> event) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		StepVerifier.create(new ServerSentEventHttpMessageWriter(new JacksonJsonEncoder(JSON))
			.write(Mono.just(event), ResolvableType.forClassWithGenerics(ServerSentEvent.class, Object.class),
					MediaType.TEXT_EVENT_STREAM, response, Map.of()))
			.verifyComplete();
		StepVerifier.create(response.getBodyAsString())
			.expectNext(new String(new SseFrames(JSON).encode(event), StandardCharsets.UTF_8))
			.verifyComplete();
	}

}
