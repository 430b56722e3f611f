package dev.reactivedata.core.command;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * A report that another module contributes to the {@code db} command line as a bean, so that the command line
 * (in core) needs no compile-time knowledge of it: {@code db insights} prints the report {@linkplain #name() named}
 * {@value #INSIGHTS}, which the monitoring module's auto-configuration provides.
 *
 * @param <R> the type of the report
 */
public interface DatabaseReport<R> {

	/** The name of the PostgreSQL insights report, printed by {@code db insights}. */
	String INSIGHTS = "insights";

	/**
	 * @return the name of the command that prints this report
	 */
	String name();

	/**
	 * Computes the report. Emits the report, or the error that prevented it.
	 * @return the report
	 */
	Mono<R> generate();

	/**
	 * Renders the report for {@code --format text}; {@code --format json} prints the report itself.
	 * @param report the report
	 * @return its lines, in plain language
	 */
	List<String> describe(R report);

	/**
	 * Whether the report means that a check failed, so that the command exits {@code 1}.
	 * @param report the report
	 * @return {@code true} when something needs attention now
	 */
	boolean failed(R report);

}
