package dev.reactivedata.core.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;

/**
 * Enables Spring Data R2DBC repositories whose base class is {@link ReactiveDataRepository}: put it on a
 * configuration class; repositories are scanned in its package (or {@link #basePackages}). Derived and
 * {@code @Query} methods work as with {@link EnableR2dbcRepositories}, which this annotation configures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EnableR2dbcRepositories(repositoryFactoryBeanClass = ReactiveDataRepositoryFactoryBean.class)
public @interface EnableReactiveDataRepositories {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the packages to scan
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "value")
	String[] value() default {};

	/**
	 * The packages to scan for repositories; the annotated class's package by default.
	 * @return the packages to scan
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "basePackages")
	String[] basePackages() default {};

	/**
	 * Type-safe alternative to {@link #basePackages()}: the packages of these classes are scanned.
	 * @return classes whose packages to scan
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "basePackageClasses")
	Class<?>[] basePackageClasses() default {};

}
