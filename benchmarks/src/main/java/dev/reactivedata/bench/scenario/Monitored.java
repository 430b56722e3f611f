package dev.reactivedata.bench.scenario;

import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

/**
 * Our query monitoring on a connection factory: an r2dbc-proxy {@link ProxyConnectionFactory} set up by
 * {@link QueryMonitor#configure}, exactly as the auto-configuration's {@code ProxyConnectionFactoryCustomizer}
 * does (default options, metrics bound to a {@link SimpleMeterRegistry}).
 */
final class Monitored {

	private Monitored() {
	}

	static ConnectionFactory wrap(ConnectionFactory factory) {
		QueryMonitor monitor = QueryMonitor.create(QueryMonitorOptions.defaults());
		monitor.metrics().bindTo(new SimpleMeterRegistry());
		ProxyConnectionFactory.Builder builder = ProxyConnectionFactory.builder(factory);
		monitor.configure(builder);
		return builder.build();
	}

}
