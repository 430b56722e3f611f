package dev.reactivedata.demo;

import java.time.Duration;
import java.util.Optional;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;

import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Gives every application context of the test JVM Reactor Netty resources of its own (event loops and connection
 * pool), registered for all contexts through {@code META-INF/spring.factories}.
 * <p>
 * Spring Boot's test framework already keeps its own contexts off Reactor Netty's global resources, but the
 * contexts some tests start with {@code SpringApplication} (start-up checks, {@code db} commands) would use them
 * and dispose them when they close, under every other context's server and client. The context's
 * {@link WebTestClient}, built with {@code bindToServer()}, connects through the context's resources too, instead
 * of Reactor Netty's global connection pool, which would otherwise hold keep-alive connections of every context of
 * the JVM; and when a request stays unanswered it prints every thread's stack, the requests the server holds and
 * its connection pools' metrics ({@link ThreadDumpOnSlowResponse}).
 */
public class OwnReactorNettyResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (context instanceof GenericApplicationContext generic) {
			generic.registerBean(ReactorResourceFactory.class, () -> {
				ReactorResourceFactory resources = new ReactorResourceFactory();
				resources.setUseGlobalResources(false);
				// Closing a context (at the latest when the test JVM exits) then takes no two-second quiet period.
				resources.setShutdownQuietPeriod(Duration.ZERO);
				return resources;
			});
			InFlightRequests inFlight = new InFlightRequests();
			generic.registerBean(InFlightRequests.class, () -> inFlight);
			generic.registerBean(WebTestClientBuilderCustomizer.class, () -> builder -> builder
				.clientConnector(new ReactorClientHttpConnector(generic.getBean(ReactorResourceFactory.class), client -> client))
				.filter(new ThreadDumpOnSlowResponse(inFlight, () -> poolMetrics(generic))));
		}
	}

	private static String poolMetrics(GenericApplicationContext context) {
		StringBuilder lines = new StringBuilder();
		context.getBeansOfType(ConnectionFactory.class).forEach((name, factory) -> pool(factory)
			.flatMap(ConnectionPool::getMetrics)
			.ifPresent(metrics -> lines.append("  ").append(name).append(": acquired ").append(metrics.acquiredSize())
				.append(", allocated ").append(metrics.allocatedSize()).append(", idle ").append(metrics.idleSize())
				.append(", pending ").append(metrics.pendingAcquireSize()).append('\n')));
		return lines.isEmpty() ? "  none\n" : lines.toString();
	}

	private static Optional<ConnectionPool> pool(ConnectionFactory factory) {
		Object candidate = factory;
		while (!(candidate instanceof ConnectionPool) && candidate instanceof Wrapped<?> wrapped
				&& wrapped.unwrap() != candidate) {
			candidate = wrapped.unwrap();
		}
		return (candidate instanceof ConnectionPool pool) ? Optional.of(pool) : Optional.empty();
	}

}
