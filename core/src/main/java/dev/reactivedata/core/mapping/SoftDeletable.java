package dev.reactivedata.core.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity whose deletes only stamp a timestamp property. Every base read of a
 * {@code ReactiveDataRepository} excludes rows whose property is set; {@code restore} clears it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SoftDeletable {

	/**
	 * The name of the entity property (not the column) holding the deletion time; {@code null} means live.
	 * @return the property name, {@code deletedAt} by default
	 */
	String property() default "deletedAt";

}
