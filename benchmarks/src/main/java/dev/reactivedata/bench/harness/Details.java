package dev.reactivedata.bench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything printed under the table: per-side medians with latency and extras, failures, and footnotes
 * that say what is still approximate.
 */
public final class Details {

	/**
	 * One measured side of one scenario.
	 * @param scenario the scenario id
	 * @param measured the side's medians
	 */
	public record Entry(String scenario, Measured measured) {
	}

	private final List<Entry> entries = new ArrayList<>();

	private final Set<String> notes = new LinkedHashSet<>();

	private final List<String> failures = new ArrayList<>();

	/**
	 * Records the medians of one side.
	 * @param scenario the scenario id
	 * @param measured the medians
	 */
	public synchronized void add(String scenario, Measured measured) {
		this.entries.add(new Entry(scenario, measured));
	}

	/**
	 * Adds a footnote, printed once under the table.
	 * @param note the text (markdown)
	 */
	public synchronized void note(String note) {
		this.notes.add(note);
	}

	/**
	 * Records that a scenario or side could not be measured.
	 * @param failure what failed and why
	 */
	public synchronized void failure(String failure) {
		this.failures.add(failure);
	}

	public synchronized List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	public synchronized List<String> notes() {
		return List.copyOf(this.notes);
	}

	public synchronized List<String> failures() {
		return Collections.unmodifiableList(new ArrayList<>(this.failures));
	}

}
