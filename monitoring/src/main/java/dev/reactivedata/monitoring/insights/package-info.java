/**
 * PostgreSQL insights (PgHero-class): typed checks over the statistics views with plain-language
 * recommendations, and gauges that read the latest report only.
 */
@NullMarked
package dev.reactivedata.monitoring.insights;

import org.jspecify.annotations.NullMarked;
