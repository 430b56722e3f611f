package dev.reactivedata.demo;

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
 * the JVM; and it prints every thread's stack when a request stays unanswered ({@link ThreadDumpOnSlowResponse}).
 */
public class OwnReactorNettyResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (context instanceof GenericApplicationContext generic) {
			generic.registerBean(ReactorResourceFactory.class, () -> {
				ReactorResourceFactory resources = new ReactorResourceFactory();
				resources.setUseGlobalResources(false);
				return resources;
			});
			generic.registerBean(WebTestClientBuilderCustomizer.class, () -> builder -> builder
				.clientConnector(new ReactorClientHttpConnector(generic.getBean(ReactorResourceFactory.class), client -> client))
				.filter(new ThreadDumpOnSlowResponse()));
		}
	}

}
