package dev.reactivedata.demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.reactivedata.testing.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo waits for a PostgreSQL that is briefly unreachable at boot instead of exiting at once.
 */
class StartupRetryIntegrationTests {

	@Test
	void startsOncePostgresComesUp() {
		try (PrivatePostgres postgres = PrivatePostgres.start()) {
			postgres.stop();
			CompletableFuture<Void> comesUp = CompletableFuture.runAsync(postgres::startAgain,
					CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
			String server = postgres.host() + ":" + postgres.port() + "/postgres";
			try (ConfigurableApplicationContext context = SpringApplication.run(DemoApplication.class,
					"--server.port=0", "--demo.seed.enabled=false", "--spring.r2dbc.url=r2dbc:postgresql://" + server,
					"--spring.flyway.url=jdbc:postgresql://" + server, "--spring.flyway.user=postgres",
					"--spring.flyway.connect-retries=10", "--spring.flyway.connect-retries-interval=2s",
					"--spring.data.redis.url=redis://127.0.0.1:1")) {
				assertThat(comesUp).isDone();
				assertThat(context.isRunning()).isTrue();
			}
		}
	}

}
