package dev.reactivedata.core.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity whose deletes only stamp a timestamp property (and, if the entity maps one, who deleted the
 * row: the actor of the Reactor Context, {@code AuditContext.actor()}). {@code restore} clears both.
 * <p>
 * What a {@code ReactiveDataRepository} of the entity hides: every base read ({@code findById},
 * {@code findAll}, {@code count}, pages, scrolling, {@code exists}) and every derived query method
 * ({@code findByStatus}, {@code countByTitle}, {@code existsBy…}) excludes rows whose timestamp is set; a
 * derived {@code deleteBy…} method still deletes for good. {@code @Query} methods run their SQL exactly as
 * written: they return soft-deleted rows unless the SQL excludes them (add {@code deleted_at IS NULL}); the
 * repository logs this once at start-up for each repository that declares such methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SoftDeletable {

	/** The default {@link #deletedBy()} property, optional on the entity. */
	String DEFAULT_DELETED_BY = "deletedBy";

	/**
	 * The name of the entity property (not the column) holding the deletion time; {@code null} means live.
	 * @return the property name, {@code deletedAt} by default
	 */
	String property() default "deletedAt";

	/**
	 * The name of the entity property (not the column, a text one) recording who deleted a row, written like
	 * {@code @LastModifiedBy} but from the actor of the Reactor Context ({@code null} when there is none). The
	 * default {@value #DEFAULT_DELETED_BY} is used when the entity has it and ignored otherwise; another name must
	 * exist; an empty name records no one.
	 * @return the property name, {@code deletedBy} by default
	 */
	String deletedBy() default DEFAULT_DELETED_BY;

}
