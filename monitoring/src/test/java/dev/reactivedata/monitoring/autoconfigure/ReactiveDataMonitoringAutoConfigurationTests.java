package dev.reactivedata.monitoring.autoconfigure;

import java.lang.reflect.Proxy;

import dev.reactivedata.core.autoconfigure.ReactiveDataConnectionFactoryAutoConfiguration;
import dev.reactivedata.core.autoconfigure.ReactiveDataCoreAutoConfiguration;
import dev.reactivedata.core.tenant.TenantBindingConnectionFactory;
import dev.reactivedata.monitoring.pool.AcquisitionTimingConnectionFactory;
import dev.reactivedata.monitoring.pool.PoolStatistics;
import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import dev.reactivedata.monitoring.stream.MetricsStream;
import dev.reactivedata.monitoring.web.QueryScopeWebFilter;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.proxy.callback.ProxyConfig;
import io.r2dbc.proxy.callback.ProxyConfigHolder;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the monitoring module, without a database: nothing here connects.
 */
class ReactiveDataMonitoringAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, R2dbcProxyAutoConfiguration.class,
				ReactiveDataConnectionFactoryAutoConfiguration.class, ReactiveDataMonitoringAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://localhost:5432/unused",
				"spring.r2dbc.username=nobody", "spring.r2dbc.pool.initial-size=0");

	@Test
	void wiresTheListenerInsideThePoolAndTheObserverOutside() {
		this.runner.withPropertyValues("reactivedata.monitoring.query.n-plus-one-threshold=7",
				"reactivedata.monitoring.query.slow-threshold=250ms").run(context -> {
					assertThat(context).hasNotFailed();
					QueryMonitor monitor = context.getBean(QueryMonitor.class);
					assertThat(monitor.options().nPlusOneThreshold()).isEqualTo(7);
					assertThat(monitor.slowQueries().threshold()).hasMillis(250);
					ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
					assertThat(connectionFactory).isInstanceOf(AcquisitionTimingConnectionFactory.class);
					ConnectionPool pool = (ConnectionPool) ((AcquisitionTimingConnectionFactory) connectionFactory).unwrap();
					assertThat(pool.unwrap()).as("r2dbc-proxy inside the pool").isInstanceOf(ProxyConfigHolder.class);
					ProxyConfig proxyConfig = ((ProxyConfigHolder) pool.unwrap()).getProxyConfig();
					assertThat(proxyConfig.getListeners().getListeners()).contains(monitor.listener());
					assertThat(Proxy.isProxyClass(pool.unwrap().getClass())).as("wrapper classes, not JDK proxies").isFalse();
					assertThat(context).hasSingleBean(PoolStatistics.class).hasSingleBean(MetricsStream.class)
						.hasSingleBean(MetricsRecording.class);
					assertThat(context).doesNotHaveBean(QueryScopeWebFilter.class);
					assertThat(context).hasSingleBean(QueryShapesEndpoint.class);
					assertThat(context).hasBean("databaseHealthIndicator").hasBean("poolHealthIndicator")
						.doesNotHaveBean("cacheCircuitHealthIndicator");
				});
	}

	@Test
	void acquisitionIsObservedOutsideTheCoresTenantBinding() {
		this.runner.withConfiguration(AutoConfigurations.of(ReactiveDataCoreAutoConfiguration.class))
			.withPropertyValues("reactivedata.core.tenancy.verify-role=false")
			.run(context -> {
				ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
				assertThat(connectionFactory).isInstanceOf(AcquisitionTimingConnectionFactory.class);
				assertThat(((AcquisitionTimingConnectionFactory) connectionFactory).unwrap())
					.isInstanceOf(TenantBindingConnectionFactory.class);
			});
	}

	@Test
	void cacheSourceFeedsTheStreamAndTheCircuitIndicator() {
		this.runner.withBean(CacheStatisticsSource.class, () -> () -> new CacheStatisticsSource.Reading(1, 2, 0, "OPEN"))
			.run(context -> assertThat(context).hasBean("cacheCircuitHealthIndicator"));
	}

	@Test
	void queryObservationCanBeTurnedOff() {
		this.runner.withPropertyValues("reactivedata.monitoring.query.enabled=false",
				"reactivedata.monitoring.pool.enabled=false").run(context -> {
					ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
					assertThat(connectionFactory).isInstanceOf(ConnectionPool.class);
					assertThat(context).doesNotHaveBean("queryMonitorProxyCustomizer");
				});
	}

	@Test
	void reactiveWebApplicationsGetTheScopeFilter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
					ReactiveDataMonitoringAutoConfiguration.class))
			.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://localhost:5432/unused",
					"spring.r2dbc.username=nobody", "spring.r2dbc.pool.initial-size=0")
			.run(context -> assertThat(context).hasSingleBean(QueryScopeWebFilter.class));
	}

}
