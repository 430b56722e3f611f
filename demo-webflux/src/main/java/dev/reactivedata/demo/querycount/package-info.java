/**
 * The {@code X-Query-Count} response header: how many SQL statements an {@code /api/**} request ran.
 */
@NullMarked
package dev.reactivedata.demo.querycount;

import org.jspecify.annotations.NullMarked;
