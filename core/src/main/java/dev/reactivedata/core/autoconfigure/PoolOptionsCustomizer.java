package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.pool.PoolOptions;

/**
 * Callback interface that beans implement to change the guarded pool's options after the auto-configuration mapped
 * {@code spring.r2dbc.pool.*} and {@code reactivedata.core.pool.*} onto them, before the pool is created. Applied, in
 * their {@code @Order}, to the primary's pool and to every replica's.
 */
@FunctionalInterface
public interface PoolOptionsCustomizer {

	/**
	 * Changes the pool's options.
	 * @param builder the options as configured by properties
	 */
	void customize(PoolOptions.Builder builder);

}
