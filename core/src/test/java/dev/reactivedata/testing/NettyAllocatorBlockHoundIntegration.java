package dev.reactivedata.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Netty's adaptive buffer allocator grow its set of magazines on a reactive thread: it takes each magazine's
 * in-memory lock (no I/O) to retire it, which BlockHound reports when another thread holds it at that moment (seen
 * while the driver encoded a bulk insert's array parameter on {@code parallel}).
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
	}

}
