package dev.reactivedata.cache;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.reactivedata.monitoring.stream.CacheStatisticsSource;
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
			.because("the cache depends on the core only (STYLE #15)")
			.check(classes.that(JavaClass.Predicates.resideOutsideOfPackage("..autoconfigure..")));
	}

	@Test
	void usesNoInternalsOfTheCore() {
		noClasses().should().dependOnClassesThat().resideInAPackage("dev.reactivedata.core.internal..").check(classes);
	}

	/**
	 * The one exception to the rule above: the auto-configuration implements monitoring's cache reading interface when
	 * both modules are on the class path, and depends on nothing else of the monitoring module.
	 */
	@Test
	void autoConfigurationReadsMonitoringOnlyThroughItsCacheInterface() {
		noClasses().that()
			.resideInAPackage("..autoconfigure..")
			.should()
			.dependOnClassesThat(JavaClass.Predicates
				.resideInAnyPackage("dev.reactivedata.monitoring..", "dev.reactivedata.demo..", "dev.reactivedata.bench..")
				.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(CacheStatisticsSource.class))))
			.check(classes);
	}

}
