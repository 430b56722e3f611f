package dev.reactivedata.cache.autoconfigure;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

class CacheHealthGroupsUnitTests {

	private final CacheHealthGroups postProcessor = new CacheHealthGroups(Set.of("redis", "cacheCircuit"));

	@Test
	void primaryGroupLeavesTheCacheComponentsOut() {
		HealthEndpointGroups groups = this.postProcessor
			.postProcessHealthEndpointGroups(HealthEndpointGroups.of(new Everything(), Map.of()));
		assertThat(groups.getPrimary().isMember("database")).isTrue();
		assertThat(groups.getPrimary().isMember("redis")).isFalse();
		assertThat(groups.getPrimary().isMember("cacheCircuit")).isFalse();
	}

	@Test
	void probesLeaveTheCacheComponentsOutAndOtherGroupsStay() {
		HealthEndpointGroups groups = this.postProcessor.postProcessHealthEndpointGroups(HealthEndpointGroups
			.of(new Everything(), Map.of("readiness", new Everything(), "liveness", new Everything(), "all",
					new Everything())));
		assertThat(groups.get("readiness").isMember("redis")).isFalse();
		assertThat(groups.get("liveness").isMember("redis/ping")).isFalse();
		assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
		assertThat(groups.get("all").isMember("redis")).isTrue();
	}

	@Test
	void cacheGroupHoldsOnlyTheCacheComponents() {
		HealthEndpointGroups groups = this.postProcessor
			.postProcessHealthEndpointGroups(HealthEndpointGroups.of(new Everything(), Map.of()));
		assertThat(groups.getNames()).contains(CacheHealthGroups.GROUP);
		HealthEndpointGroup cache = groups.get(CacheHealthGroups.GROUP);
		assertThat(cache.isMember("redis")).isTrue();
		assertThat(cache.isMember("cacheCircuit")).isTrue();
		assertThat(cache.isMember("database")).isFalse();
	}

	private static final class Everything implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return true;
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return true;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return true;
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return StatusAggregator.getDefault();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return HttpCodeStatusMapper.DEFAULT;
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return null;
		}

	}

}
