package dev.reactivedata.cache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Keeps the cache's health components ({@code redis} and {@code cacheCircuit}) out of the aggregate status of
 * {@code /actuator/health} and of the {@code readiness} and {@code liveness} groups, and reports them in a group of
 * their own, {@code /actuator/health/cache}. Redis down never fails a read (it falls back to the database), so it
 * must not take the instance out of a load balancer: its state is a component that reports, not one that fails the
 * instance. Groups the application defines itself are left as they are.
 */
final class CacheHealthGroups implements HealthEndpointGroupsPostProcessor {

	/** Name of the group that reports the cache's components. */
	static final String GROUP = "cache";

	private static final Set<String> PROBES = Set.of("readiness", "liveness");

	private final Set<String> components;

	CacheHealthGroups(Set<String> components) {
		this.components = Set.copyOf(components);
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		Map<String, HealthEndpointGroup> additional = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			HealthEndpointGroup group = groups.get(name);
			if (group != null) {
				additional.put(name, PROBES.contains(name) ? new Filtered(group, this.components, false) : group);
			}
		}
		HealthEndpointGroup primary = groups.getPrimary();
		additional.putIfAbsent(GROUP, new Filtered(primary, this.components, true));
		return HealthEndpointGroups.of(new Filtered(primary, this.components, false), additional);
	}

	/**
	 * A group whose members are those of another group without the given components, or only those components.
	 */
	private record Filtered(HealthEndpointGroup delegate, Set<String> components, boolean only)
			implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			int slash = name.indexOf('/');
			boolean component = this.components.contains((slash < 0) ? name : name.substring(0, slash));
			return this.only ? component : !component && this.delegate.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.only ? null : this.delegate.getAdditionalPath();
		}

	}

}
