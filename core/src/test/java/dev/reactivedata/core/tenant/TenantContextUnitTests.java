package dev.reactivedata.core.tenant;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class TenantContextUnitTests {

	private final UUID tenant = UUID.randomUUID();

	@Test
	void currentEmitsTheTenantBoundDownstream() {
		TenantContext.current()
			.contextWrite(TenantContext.withTenant(this.tenant))
			.as(StepVerifier::create)
			.expectNext(this.tenant)
			.verifyComplete();
	}

	@Test
	void currentIsEmptyWithoutTenantOrOnceRemoved() {
		TenantContext.current().as(StepVerifier::create).verifyComplete();
		TenantContext.current()
			.contextWrite(TenantContext.withoutTenant())
			.contextWrite(TenantContext.withTenant(this.tenant))
			.as(StepVerifier::create)
			.verifyComplete();
	}

	@Test
	void fromReadsTheSameTenantAsCurrent() {
		Context bound = TenantContext.withTenant(this.tenant).apply(Context.empty());
		assertThat(TenantContext.from(bound)).contains(this.tenant);
		assertThat(TenantContext.from(Context.empty())).isEmpty();
		assertThat(TenantContext.from(TenantContext.withoutTenant().apply(bound))).isEmpty();
		Mono.deferContextual(context -> Mono.justOrEmpty(TenantContext.from(context)))
			.contextWrite(bound)
			.as(StepVerifier::create)
			.expectNext(this.tenant)
			.verifyComplete();
	}

}
