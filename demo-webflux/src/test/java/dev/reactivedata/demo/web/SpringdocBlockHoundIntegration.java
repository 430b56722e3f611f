package dev.reactivedata.demo.web;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets a request for {@code /v3/api-docs} wait on springdoc's description lock: the demo pre-loads the API
 * description on a worker thread at start-up ({@code springdoc.pre-loading-enabled}), and a request that arrives
 * meanwhile parks until that one computation is done; afterwards the lock is uncontended. Only the documentation
 * route takes it, never a data route.
 */
public final class SpringdocBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
	}

}
