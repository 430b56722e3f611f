package dev.reactivedata.demo.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.reactivedata.demo.DemoDataLayer;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive connection answers every request a client sends on it, also when requests arrive before the answer
 * to the previous one has finished leaving (pipelined, or sent at once by a fast client) and one of them is answered
 * at once. Reactor Netty before 1.3.8 stopped reading such a connection (reactor-netty#4361): its next request was
 * never answered, as the demo's tests saw now and then after a quick 4xx answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeepAliveIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	// Answered after asynchronous checks of PostgreSQL and Redis.
	private static final String HEALTH = "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n";

	// Answered at once, on the event loop that reads it: no key, so no lookup.
	private static final String UNAUTHORIZED = "GET /api/articles HTTP/1.1\r\nHost: localhost\r\n\r\n";

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void theRequestAfterPipelinedOnesAnsweredAtOnceIsAnswered() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			// A read that waits longer fails the test with a SocketTimeoutException instead of hanging it.
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			for (int round = 0; round < 3; round++) {
				send(out, HEALTH + UNAUTHORIZED);
				assertThat(statusLine(in)).startsWith("HTTP/1.1 200");
				assertThat(statusLine(in)).startsWith("HTTP/1.1 401");
			}
			send(out, UNAUTHORIZED);
			assertThat(statusLine(in)).startsWith("HTTP/1.1 401");
		}
	}

	private static void send(OutputStream out, String requests) throws IOException {
		out.write(requests.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Reads one whole response (the demo's answers here carry a Content-Length) and returns its status line. */
	private static String statusLine(InputStream in) throws IOException {
		String status = line(in);
		int length = 0;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(header.substring("content-length:".length()).trim());
			}
		}
		assertThat(in.readNBytes(length)).hasSize(length);
		return status;
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int next = in.read(); next != '\n'; next = in.read()) {
			assertThat(next).as("the connection closed in the middle of a response").isNotEqualTo(-1);
			if (next != '\r') {
				line.write(next);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
