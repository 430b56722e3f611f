package dev.reactivedata.monitoring;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.reactivedata.core.autoconfigure.ConnectionFactoryWrapper;
import dev.reactivedata.core.command.DatabaseReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the monitoring module's main classes: no package cycles, Spring Boot only in {@code *.autoconfigure}
 * packages, module dependencies pointing one way (STYLE #15).
 */
class MonitoringArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.reactivedata.monitoring");
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.reactivedata.monitoring.(*)..").should().beFreeOfCycles().check(classes);
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

	/**
	 * Monitoring reads the core only by interface: the R2DBC SPI that both share, the interface through which its
	 * auto-configuration contributes {@code db insights} to core's command line, and the one through which it adds
	 * the acquisition observation to the connection factory's wrapper chain.
	 */
	@Test
	void dependsOnNoOtherModule() {
		noClasses().should()
			.dependOnClassesThat(JavaClass.Predicates
				.resideInAnyPackage("dev.reactivedata.core..", "dev.reactivedata.cache..", "dev.reactivedata.demo..",
						"dev.reactivedata.bench..")
				.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(DatabaseReport.class,
						ConnectionFactoryWrapper.class))))
			.check(classes);
	}

}
