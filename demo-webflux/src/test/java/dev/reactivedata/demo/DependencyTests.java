package dev.reactivedata.demo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	@Test
	void cacheDependsOnlyOnCore() {
		noClasses().that().resideInAPackage("dev.reactivedata.cache..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.reactivedata.monitoring..", "dev.reactivedata.demo..")
			.check(classes);
	}

	@Test
	void monitoringDependsOnlyOnCore() {
		noClasses().that().resideInAPackage("dev.reactivedata.monitoring..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.reactivedata.cache..", "dev.reactivedata.demo..")
			.check(classes);
	}

}
