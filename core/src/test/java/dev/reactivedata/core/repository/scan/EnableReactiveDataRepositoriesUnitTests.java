package dev.reactivedata.core.repository.scan;

import java.util.UUID;

import dev.reactivedata.core.repository.EnableReactiveDataRepositories;
import dev.reactivedata.core.repository.ReactiveDataRepository;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.aop.framework.Advised;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.r2dbc.config.AbstractR2dbcConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attributes of {@link EnableReactiveDataRepositories} reach Spring Data's scan. The contexts only create
 * repositories: nothing connects to the database.
 */
class EnableReactiveDataRepositoriesUnitTests {

	@Test
	void nestedRepositoriesAreLeftOutByDefault() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Defaults.class)) {
			assertThat(context.getBeanNamesForType(ScannedRepository.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(NestedRepository.class)).isEmpty();
			assertThat(context.getBeanNamesForType(ExcludedRepository.class)).isEmpty();
		}
	}

	@Test
	void considerNestedRepositoriesAndExcludeFiltersTakeEffect() throws Exception {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(NestedButNotExcluded.class)) {
			assertThat(context.getBeanNamesForType(ScannedRepository.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(ExcludedRepository.class)).isEmpty();
			NestedRepository nested = context.getBean(NestedRepository.class);
			assertThat(((Advised) nested).getTargetSource().getTarget()).isInstanceOf(ReactiveDataRepository.class)
				.extracting(Object::getClass)
				.extracting(Class::getSimpleName)
				.isEqualTo("DefaultReactiveDataRepository");
		}
	}

	@Test
	void includeFiltersNarrowTheScan() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(OnlyIncluded.class)) {
			assertThat(context.getBeanNamesForType(ExcludedRepository.class)).hasSize(1);
			assertThat(context.getBeanNamesForType(ScannedRepository.class)).isEmpty();
			assertThat(context.getBeanNamesForType(NestedRepository.class)).isEmpty();
		}
	}

	interface NestedRepository extends ReactiveDataRepository<Scanned, UUID> {

		Flux<Scanned> findByName(String name);

	}

	interface ExcludedRepository extends ReactiveDataRepository<Scanned, UUID> {

	}

	abstract static class Unconnected extends AbstractR2dbcConfiguration {

		// Creating repositories needs a connection factory's metadata, never a connection.
		@Override
		@Bean
		public ConnectionFactory connectionFactory() {
			return new PostgresqlConnectionFactory(
					PostgresqlConnectionConfiguration.builder().host("127.0.0.1").database("never_connected").username("nobody").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveDataRepositories
	static class Defaults extends Unconnected {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveDataRepositories(considerNestedRepositories = true,
			excludeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ExcludedRepository.class))
	static class NestedButNotExcluded extends Unconnected {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableReactiveDataRepositories(considerNestedRepositories = true,
			includeFilters = @Filter(type = FilterType.REGEX, pattern = ".*\\.EnableReactiveDataRepositoriesUnitTests\\$Excluded.*"))
	static class OnlyIncluded extends Unconnected {

	}

}
