package dev.reactivedata.demo;

import org.junit.jupiter.api.Test;

import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

class OwnReactorNettyResourcesUnitTests {

	@Test
	void everyContextOfTheTestsIsInitializedWithIt() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationContextInitializer.class))
			.hasAtLeastOneElementOfType(OwnReactorNettyResources.class);
	}

	@Test
	void aContextGetsResourcesOfItsOwnThatItsCloseLeavesTheGlobalOnesAlone() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new OwnReactorNettyResources().initialize(context);
			context.refresh();
			assertThat(context.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isFalse();
			assertThat(context.getBeansOfType(WebTestClientBuilderCustomizer.class)).hasSize(1);
		}
	}

}
