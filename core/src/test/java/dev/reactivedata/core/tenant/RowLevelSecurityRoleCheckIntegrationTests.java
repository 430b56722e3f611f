package dev.reactivedata.core.tenant;

import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RowLevelSecurityRoleCheckIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/tenant-test");

	@Test
	void applicationRoleBoundByRowLevelSecurityPasses() {
		new RowLevelSecurityRoleCheck(dataLayer.database().connectionFactory("rdl_test_app", "rdl_test_app")).verify()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	@Test
	void superuserOwningTheTablesIsRefusedWithAnExplanation() {
		new RowLevelSecurityRoleCheck(dataLayer.database().ownerConnectionFactory()).verify()
			.as(StepVerifier::create)
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(UnsafeDatabaseRoleException.class)
				.hasMessageContaining("superuser")
				.hasMessageContaining("owns the row-level-security tables notes")
				.hasMessageContaining("NOBYPASSRLS"))
			.verify();
	}

}
