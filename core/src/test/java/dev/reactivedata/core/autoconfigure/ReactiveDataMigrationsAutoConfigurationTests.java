package dev.reactivedata.core.autoconfigure;

import org.flywaydb.core.api.callback.Callback;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataMigrationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveDataMigrationsAutoConfiguration.class));

	@Test
	void registersTheLibraryMigrationsAsAFlywayCallback() {
		this.runner.run(context -> assertThat(context).getBean(Callback.class)
			.satisfies(callback -> assertThat(callback.getCallbackName()).isEqualTo("reactivedata-library-migrations")));
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("reactivedata.core.migrations.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(Callback.class));
	}

}
