package dev.reactivedata.core.autoconfigure;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.reactivedata.testing.PrivatePostgres;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up role check waits for a database that is briefly unreachable, within its timeout.
 */
class RowLevelSecurityStartupCheckIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(R2dbcAutoConfiguration.class, ReactiveDataConnectionFactoryAutoConfiguration.class,
					ReactiveDataCoreAutoConfiguration.class));

	@Test
	void waitsForADatabaseThatComesUp() {
		try (PrivatePostgres postgres = PrivatePostgres.start()) {
			postgres.stop();
			CompletableFuture<Void> comesUp = CompletableFuture.runAsync(postgres::startAgain,
					CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
			this.runner
				.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://" + postgres.host() + ":" + postgres.port()
						+ "/postgres", "spring.r2dbc.username=postgres", "reactivedata.core.tenancy.verify-timeout=60s")
				// The server was down when the context started: starting at all means the check waited for it. (The
				// server may accept connections before startAgain returns, so the future's state proves nothing.)
				.run(context -> assertThat(context).hasNotFailed());
			comesUp.join();
		}
	}

	@Test
	void failsWithTheConnectionErrorOnceTheTimeoutHasPassed() {
		this.runner
			.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/postgres",
					"spring.r2dbc.username=postgres", "reactivedata.core.tenancy.verify-timeout=1s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.satisfies(failure -> assertThat(ReactiveDataCoreAutoConfiguration.unreachable(failure)).isTrue())
				.hasRootCauseInstanceOf(ConnectException.class));
	}

	@Test
	void onlyConnectionFailuresAreWaitedFor() {
		assertThat(ReactiveDataCoreAutoConfiguration.unreachable(new R2dbcNonTransientResourceException("denied")))
			.isFalse();
		assertThat(ReactiveDataCoreAutoConfiguration
			.unreachable(new R2dbcNonTransientResourceException("starting", "57P03"))).isTrue();
	}

}
