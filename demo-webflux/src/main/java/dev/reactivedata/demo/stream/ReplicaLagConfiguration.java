package dev.reactivedata.demo.stream;

import java.util.List;

import dev.reactivedata.core.routing.ReadRoutingConnectionFactory;
import dev.reactivedata.monitoring.replication.ReplicaLag;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds the read routing's replica statuses (kept in memory by its background poll) to the metrics stream, the
 * replica gauges and the {@code replicas} health component: monitoring does not depend on the core module, so the
 * application adapts one to the other. Only with replicas configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("reactivedata.core.replicas[0].url")
class ReplicaLagConfiguration {

	@Bean
	ReplicaLagSource replicaLagSource(ConnectionFactory connectionFactory) {
		return ReadRoutingConnectionFactory.find(connectionFactory)
			.<ReplicaLagSource>map(routing -> () -> routing.replicas()
				.stream()
				.map(status -> new ReplicaLag(status.name(), status.lagBytes(), status.lagSeconds(), status.healthy()))
				.toList())
			.orElse(List::of);
	}

}
