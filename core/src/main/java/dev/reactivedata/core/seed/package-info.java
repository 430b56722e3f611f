/**
 * Seeding: the {@link dev.reactivedata.core.seed.Seeder} extension point and the operations behind
 * {@code db seed}, which run an application's seeders for a profile, record what each profile created and clear
 * exactly that.
 */
@NullMarked
package dev.reactivedata.core.seed;

import org.jspecify.annotations.NullMarked;
