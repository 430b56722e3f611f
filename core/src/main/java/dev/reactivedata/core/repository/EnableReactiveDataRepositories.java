package dev.reactivedata.core.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.support.BeanNameGenerator;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.data.repository.query.QueryLookupStrategy;

/**
 * Enables Spring Data R2DBC repositories whose base class is {@link ReactiveDataRepository}: put it on a
 * configuration class; repositories are scanned in its package (or {@link #basePackages}). Derived and
 * {@code @Query} methods work as with {@link EnableR2dbcRepositories}, which this annotation configures; every
 * attribute below means what the attribute of the same name of {@link EnableR2dbcRepositories} means.
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

	/**
	 * Narrows the scan to the interfaces these filters accept.
	 * @return the include filters
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "includeFilters")
	Filter[] includeFilters() default {};

	/**
	 * Leaves out the interfaces these filters accept.
	 * @return the exclude filters
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "excludeFilters")
	Filter[] excludeFilters() default {};

	/**
	 * Whether repository interfaces nested in other classes are picked up; {@code false} by default.
	 * @return whether to consider nested repositories
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "considerNestedRepositories")
	boolean considerNestedRepositories() default false;

	/**
	 * The suffix of the classes implementing custom repository fragments, {@code Impl} by default.
	 * @return the implementation postfix
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "repositoryImplementationPostfix")
	String repositoryImplementationPostfix() default "Impl";

	/**
	 * Where named queries are read from, {@code META-INF/r2dbc-named-queries.properties} by default.
	 * @return the named queries location
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "namedQueriesLocation")
	String namedQueriesLocation() default "";

	/**
	 * How query methods become queries; {@link QueryLookupStrategy.Key#CREATE_IF_NOT_FOUND} by default.
	 * @return the lookup strategy
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "queryLookupStrategy")
	QueryLookupStrategy.Key queryLookupStrategy() default QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND;

	/**
	 * The generator of the repositories' bean names.
	 * @return the bean name generator class
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "nameGenerator")
	Class<? extends BeanNameGenerator> nameGenerator() default BeanNameGenerator.class;

	/**
	 * The name of the {@code R2dbcEntityOperations} bean the repositories use, for an application with more than
	 * one database; {@code r2dbcEntityTemplate} by default.
	 * @return the bean name
	 */
	@AliasFor(annotation = EnableR2dbcRepositories.class, attribute = "entityOperationsRef")
	String entityOperationsRef() default "r2dbcEntityTemplate";

}
