package dev.reactivedata.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Prints every thread's stack when a test request has had no response for {@link #AFTER}, shortly before the test
 * client's timeout fails the test, with the requests the server holds and its connection pools: a request that is
 * never answered then says where client and server wait.
 */
final class ThreadDumpOnSlowResponse implements ExchangeFilterFunction {

	/** Less than {@code spring.test.webtestclient.timeout} of the test properties. */
	static final Duration AFTER = Duration.ofSeconds(50);

	private final InFlightRequests server;

	private final Supplier<String> pools;

	ThreadDumpOnSlowResponse(InFlightRequests server, Supplier<String> pools) {
		this.server = server;
		this.pools = pools;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			Disposable dump = Schedulers.boundedElastic()
				.schedule(() -> print(request), AFTER.toMillis(), TimeUnit.MILLISECONDS);
			return next.exchange(request).doFinally(signal -> dump.dispose());
		});
	}

	private void print(ClientRequest request) {
		StringBuilder dump = new StringBuilder("No response to ").append(request.method())
			.append(' ')
			.append(request.url())
			.append(" after ")
			.append(AFTER.toSeconds())
			.append(" s.\nRequests the server holds:\n")
			.append(this.server.describe())
			.append("Connection pools:\n")
			.append(this.pools.get())
			.append("Every thread's stack:\n");
		for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
			dump.append('"').append(thread.getKey().getName()).append("\" ").append(thread.getKey().getState()).append('\n');
			for (StackTraceElement frame : thread.getValue()) {
				dump.append("\tat ").append(frame).append('\n');
			}
		}
		System.out.println(dump);
	}

}
