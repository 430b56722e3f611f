package dev.reactivedata.demo;

import dev.reactivedata.core.tenant.UnsafeDatabaseRoleException;
import dev.reactivedata.testing.DataLayerExtension;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up refuses a database role that row-level security would not bind.
 */
class StartupRoleCheckIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@Test
	void startUpRefusesSuperuserConnection() {
		assertThatThrownBy(() -> start("postgres").close())
			.extracting(NestedExceptionUtils::getMostSpecificCause)
			.isInstanceOf(UnsafeDatabaseRoleException.class)
			.asInstanceOf(InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("'postgres'")
			.hasMessageContaining("superuser")
			.hasMessageContaining("rdl_app");
	}

	@Test
	void startUpAcceptsApplicationRole() {
		try (ConfigurableApplicationContext context = start("rdl_app")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String user) {
		return SpringApplication.run(DemoApplication.class, "--server.port=0", "--demo.seed.enabled=false",
				"--spring.r2dbc.url=" + dataLayer.database().r2dbcUrl(), "--spring.r2dbc.username=" + user,
				"--spring.flyway.url=" + dataLayer.database().jdbcUrl(),
				"--spring.flyway.user=" + dataLayer.database().ownerUser(),
				"--spring.flyway.password=" + dataLayer.database().ownerPassword(),
				"--spring.data.redis.url=" + dataLayer.redis().uri());
	}

}
