package dev.reactivedata.bench.scenario;

import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;

/**
 * The scenarios of DESIGN §10 in the order they run and print; each class's Javadoc says what "ours" and the
 * baselines are (see also the table in {@code benchmarks/README.md}).
 */
public final class Scenarios {

	private Scenarios() {
	}

	/**
	 * Returns every scenario.
	 * @return the scenarios, in run order
	 */
	public static List<Scenario> all() {
		return List.of(new PointReadScenario(), new FilteredPageScenario(), new KeysetDepthScenario(), new BulkInsertScenario(),
				new AuditedSaveScenario(), new ExportScenario(), new CachedReadScenario(), new CacheableReadScenario(), new MonitoringOverheadScenario(),
				new HttpGetScenario(), new SseFanOutScenario(), new DbOperationsScenario(), new ReplicaReadScenario());
	}

	/**
	 * Adds the row for {@code ours} against {@code baseline} when both sides were measured (a failed side is
	 * already reported in the details).
	 * @param rows the rows to add to
	 * @param measured the trials' result
	 * @param scenario the row's label
	 * @param ours our side's label
	 * @param baseline the baseline's label
	 */
	static void pair(List<Row> rows, Map<String, Measured> measured, String scenario, String ours, String baseline) {
		Measured left = measured.get(ours);
		Measured right = measured.get(baseline);
		if (left != null && right != null) {
			rows.add(Row.of(scenario, left, right));
		}
	}

}
