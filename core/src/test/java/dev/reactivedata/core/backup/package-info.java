/**
 * Tests of backups and restores.
 */
@NullMarked
package dev.reactivedata.core.backup;

import org.jspecify.annotations.NullMarked;
