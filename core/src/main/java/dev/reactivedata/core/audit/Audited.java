package dev.reactivedata.core.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity whose writes append {@code audit_log} rows that commit or roll back with the write. Saves
 * through Spring Data R2DBC ({@code R2dbcEntityTemplate} and repositories) log {@code CREATE} for an insert,
 * {@code UPDATE} for an update, {@code DELETE} / {@code RESTORE} when an update sets / clears the soft-delete
 * column. The {@code ReactiveDataRepository}'s own statements log in the same statement as the write (see
 * {@link AuditedWrites}): soft and hard deletes {@code DELETE}, {@code restore} {@code RESTORE}, and bulk
 * writes one {@code BULK_INSERT} / {@code BULK_UPDATE} / {@code BULK_DELETE} row per statement with the affected
 * ids. Old and new values are the rows as JSON objects read by the database, keyed by property name (as the API
 * speaks, {@code createdAt} rather than {@code created_at}); the tenant column is left out, as an entry keeps its
 * tenant in a column of its own.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Audited {

	/**
	 * The entity type written to the log; defaults to the class's simple name.
	 * @return the entity type
	 */
	String entityType() default "";

	/**
	 * Properties left out of the old and new JSON, such as generated search vectors or secrets; a name matches a
	 * property's name or its column's.
	 * @return the property (or column) names
	 */
	String[] exclude() default {};

	/**
	 * The soft-delete column: an update that sets it is logged as {@code DELETE}, one that clears it as
	 * {@code RESTORE}.
	 * @return the column name
	 */
	String softDeleteColumn() default "deleted_at";

}
