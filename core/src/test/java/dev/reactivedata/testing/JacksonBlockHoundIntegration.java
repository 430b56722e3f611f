package dev.reactivedata.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Jackson 3 build a (de)serializer for a type on a reactive thread: it does so once per type under a
 * short in-memory lock (no I/O), which BlockHound would otherwise report when two threads race for it.
 */
public final class JacksonBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
			.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache", "addAndResolveNonTypedSerializer")
			.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache", "addTypedSerializer");
	}

}
