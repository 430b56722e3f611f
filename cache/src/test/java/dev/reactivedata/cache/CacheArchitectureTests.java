package dev.reactivedata.cache;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the cache module's main classes: no package cycles, Spring Boot only in {@code *.autoconfigure}
 * packages, module dependencies pointing one way (STYLE #15).
 */
class CacheArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.reactivedata.cache");
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.reactivedata.cache.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void springBootOnlyInAutoConfigurePackages() {
		noClasses().that()
			.resideOutsideOfPackage("..autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(classes);
	}

	@Test
	void dependsOnlyOnCore() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.reactivedata.monitoring..", "dev.reactivedata.demo..", "dev.reactivedata.bench..")
			.check(classes);
	}

}
