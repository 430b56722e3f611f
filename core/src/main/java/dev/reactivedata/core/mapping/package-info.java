/**
 * Entity metadata shared by repositories, queries and bulk writes: our marker annotations and a resolved view
 * of an entity's table, columns, id, version and soft-delete column.
 */
@NullMarked
package dev.reactivedata.core.mapping;

import org.jspecify.annotations.NullMarked;
