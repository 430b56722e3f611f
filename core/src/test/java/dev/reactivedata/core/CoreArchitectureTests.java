package dev.reactivedata.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the core module's main classes: no package cycles, Spring Boot only in {@code *.autoconfigure}
 * packages, module dependencies pointing one way (STYLE #15).
 */
class CoreArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.reactivedata.core");
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.reactivedata.core.(*)..").should().beFreeOfCycles().check(classes);
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
	void dependsOnNoOtherModule() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.reactivedata.cache..", "dev.reactivedata.monitoring..", "dev.reactivedata.demo..",
					"dev.reactivedata.bench..")
			.check(classes);
	}

}
