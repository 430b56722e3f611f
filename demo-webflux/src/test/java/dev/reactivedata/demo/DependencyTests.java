package dev.reactivedata.demo;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules over every module's main classes: no package cycles, module dependencies point one way.
 */
class DependencyTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
			.importPackages("dev.reactivedata");
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.reactivedata.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void coreDependsOnNoOtherModule() {
		noClasses().that().resideInAPackage("dev.reactivedata.core..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.reactivedata.cache..", "dev.reactivedata.monitoring..",
					"dev.reactivedata.demo..")
			.check(classes);
	}

	/**
	 * Besides the core, the cache's auto-configuration implements the monitoring module's cache reading interface, and
	 * nothing else of it.
	 */
	@Test
	void cacheDependsOnlyOnCore() {
		noClasses().that().resideInAPackage("dev.reactivedata.cache..")
			.should().dependOnClassesThat(JavaClass.Predicates
				.resideInAnyPackage("dev.reactivedata.monitoring..", "dev.reactivedata.demo..")
				.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(CacheStatisticsSource.class))))
			.check(classes);
		noClasses().that().resideInAPackage("dev.reactivedata.cache..").and().resideOutsideOfPackage("..autoconfigure..")
			.should().dependOnClassesThat().resideInAPackage("dev.reactivedata.monitoring..")
			.check(classes);
	}

	/**
	 * A module's {@code internal} package is public only for the module's other packages (its auto-configuration
	 * included): no other module, and not the demo, may depend on it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "core", "cache", "monitoring" })
	void internalPackagesStayInTheirModule(String module) {
		noClasses().that().resideOutsideOfPackage("dev.reactivedata." + module + "..")
			.should().dependOnClassesThat().resideInAPackage("dev.reactivedata." + module + ".internal..")
			.check(classes);
	}

	@Test
	void monitoringDependsOnlyOnCore() {
		noClasses().that().resideInAPackage("dev.reactivedata.monitoring..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.reactivedata.cache..", "dev.reactivedata.demo..")
			.check(classes);
	}

}
