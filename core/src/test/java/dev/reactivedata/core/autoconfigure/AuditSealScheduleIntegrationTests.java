package dev.reactivedata.core.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import dev.reactivedata.core.CoreDataLayer;
import dev.reactivedata.core.audit.AuditChainReport;
import dev.reactivedata.core.audit.AuditChainSealer;
import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured sealer links committed audit entries into their chains while the application runs, and once
 * more as it stops; not while a {@code db} command runs, nor when turned off.
 */
class AuditSealScheduleIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = CoreDataLayer.extension();

	private final UUID tenant = UUID.randomUUID();

	private CoreDataLayer data;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.data = CoreDataLayer.create(dataLayer.database());
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReactiveDataTransactionAutoConfiguration.class))
			.withBean(ConnectionFactory.class, this.data::connectionFactory);
	}

	@AfterEach
	void tearDown() {
		this.data.close();
	}

	@Test
	void sealsWhileTheApplicationRuns() {
		this.runner.withPropertyValues("reactivedata.core.audit.seal-interval=50ms").run(context -> {
			assertThat(context).hasSingleBean(AuditSealSchedule.class);
			// A verification may take longer than a tick on a busy machine: skip the ticks it overlaps.
			Mono<AuditChainReport> sealed = Flux.interval(Duration.ofMillis(50))
				.onBackpressureDrop()
				.concatMap(tick -> report())
				.filter(report -> report.entriesChecked() == 1)
				.next()
				.timeout(Duration.ofSeconds(30));
			this.data.recordAccountCreated(this.tenant, "while running").then(sealed)
				.as(StepVerifier::create)
				.expectNext(new AuditChainReport(this.tenant, 1, 0, null))
				.verifyComplete();
		});
	}

	@Test
	void sealsOnceMoreWhenTheApplicationStops() {
		this.runner.withPropertyValues("reactivedata.core.audit.seal-interval=1h")
			.run(context -> this.data.recordAccountCreated(this.tenant, "before stopping").then(report())
				.as(StepVerifier::create)
				.expectNext(new AuditChainReport(this.tenant, 0, 1, null))
				.verifyComplete());
		report().as(StepVerifier::create).expectNext(new AuditChainReport(this.tenant, 1, 0, null)).verifyComplete();
	}

	@Test
	void doesNotSealWhileACommandRunsNorWhenTurnedOff() {
		this.runner.withPropertyValues("reactivedata.command.active=true")
			.run(context -> assertThat(context).hasSingleBean(AuditChainSealer.class)
				.doesNotHaveBean(AuditSealSchedule.class));
		this.runner.withPropertyValues("reactivedata.core.audit.sealing=false")
			.run(context -> assertThat(context).hasSingleBean(AuditChainSealer.class)
				.doesNotHaveBean(AuditSealSchedule.class));
	}

	private Mono<AuditChainReport> report() {
		return AuditChainVerifier.create(this.data.owner()).verify(this.tenant).timeout(Duration.ofSeconds(10));
	}

}
