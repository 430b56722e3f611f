package dev.reactivedata.demo;

import dev.reactivedata.testing.DataLayerExtension;

/**
 * The demo's migrations for the test kit: the library's own ({@code db/reactivedata}) and the demo's.
 */
public final class DemoDataLayer {

	/** The password the demo's migration gives {@code rdl_app}; the test servers use trust authentication. */
	public static final String APP_PASSWORD = "rdl_app";

	private DemoDataLayer() {
	}

	/**
	 * Creates a test-kit extension with the demo schema.
	 * @return a new extension, to be registered on a static field
	 */
	public static DataLayerExtension extension() {
		return DataLayerExtension.builder()
			.migrations("classpath:db/reactivedata", "classpath:db/migration")
			.placeholder("app_password", APP_PASSWORD)
			.build();
	}

}
