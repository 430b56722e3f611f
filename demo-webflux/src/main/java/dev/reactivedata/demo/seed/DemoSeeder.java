package dev.reactivedata.demo.seed;

import java.time.Duration;

import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.core.seed.SeedOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * On an empty database, seeds the {@code test} profile at start-up: the demo tenants {@code acme} and
 * {@code globex}, a key for each and an admin key ({@link TenantSeeder}). Enabled by {@code demo.seed.enabled}
 * (on in the default profile); never while a {@code db} command runs. {@code db seed --clear test} removes it.
 */
@Component
@ConditionalOnBooleanProperty("demo.seed.enabled")
@ConditionalOnBooleanProperty(name = DbCommandLine.ACTIVE_PROPERTY, havingValue = false, matchIfMissing = true)
class DemoSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoSeeder.class);

	private static final String PROFILE = "test";

	private final SeedOperations seeds;

	DemoSeeder(SeedOperations seeds) {
		this.seeds = seeds;
	}

	@Override
	public void run(ApplicationArguments args) {
		// Start-up, on the main thread, before the demo is announced ready: blocking here is intended.
		seedIfEmpty().block(Duration.ofSeconds(30));
	}

	Mono<Void> seedIfEmpty() {
		return this.seeds.seedIfEmpty(PROFILE).doOnNext(seeded -> {
			if (seeded) {
				logger.info("Seeded demo tenants " + TenantSeeder.TENANTS.stream().map(TenantSeeder.DemoTenant::slug).toList()
						+ " and their API keys (demo-<tenant>-key, demo-" + TenantSeeder.ADMIN + "-key)");
			}
		}).then();
	}

}
