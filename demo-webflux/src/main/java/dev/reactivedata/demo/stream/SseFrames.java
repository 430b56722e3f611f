package dev.reactivedata.demo.stream;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;

/**
 * Server-sent events as the bytes of their frames, in the format Spring's {@link ServerSentEventHttpMessageWriter}
 * writes ({@link ServerSentEvent#format()}, then the data: a String as it is, anything else as JSON by the
 * application's {@link JsonMapper}). The writer formats and encodes every event for every client; a frame encoded
 * here once can be written to any number of clients as it is, which is what makes a tick of the metrics stream
 * cost little more with a thousand clients than with one.
 */
final class SseFrames {

	private final JsonMapper jsonMapper;

	SseFrames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Encodes an event.
	 * @param event the event
	 * @return its frame, UTF-8, ending with the blank line that ends an event
	 */
	byte[] encode(ServerSentEvent<?> event) {
		StringBuilder frame = new StringBuilder(event.format());
		Object data = event.data();
		if (data == null) {
			frame.append('\n');
		}
		else {
			String text = (data instanceof String string) ? string : this.jsonMapper.writeValueAsString(data);
			// A line break in the data starts another data line, as the writer does.
			frame.append(text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata:")).append("\n\n");
		}
		return frame.toString().getBytes(StandardCharsets.UTF_8);
	}

}
