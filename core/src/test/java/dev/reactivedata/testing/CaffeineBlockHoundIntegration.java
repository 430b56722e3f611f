package dev.reactivedata.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets a bounded Caffeine cache do its maintenance on a reactive thread: emptying it and draining its read and
 * write buffers take its eviction lock, a short in-memory lock (no I/O), which BlockHound would otherwise report
 * when two threads race for it (for example two Redis event loops updating the near cache at once).
 */
public final class CaffeineBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "clear")
			.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "performCleanUp");
	}

}
