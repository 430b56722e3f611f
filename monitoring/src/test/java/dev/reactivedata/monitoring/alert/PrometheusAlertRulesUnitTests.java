package dev.reactivedata.monitoring.alert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Prometheus rules file covers every in-process rule with the same default thresholds.
 */
class PrometheusAlertRulesUnitTests {

	@Test
	void everyEvaluatorRuleHasAPrometheusRuleWithTheDefaultThreshold() throws IOException {
		String rules = read("/prometheus/reactivedata-alerts.yml");
		AlertThresholds defaults = AlertThresholds.defaults();
		assertThat(ruleNames(rules)).contains("pool-saturation", "pending-acquirers", "query-latency-p99",
				"query-error-rate", "cache-hit-ratio", "cache-circuit-open");
		assertThat(rules).contains("db_pool_max_connections) >= " + defaults.poolSaturation());
		assertThat(rules).contains("(db_pool_pending_connections) >= " + defaults.pendingAcquirers());
		assertThat(rules).contains("[5m]))) >= " + defaults.p99Ms() / 1000);
		assertThat(rules).contains("[5m])) >= " + defaults.errorRate());
		assertThat(rules).contains("[5m])) < " + defaults.cacheHitRatio());
	}

	@Test
	void inProcessRulesUseTheNamesOfTheFile() throws IOException {
		Set<String> fileRules = ruleNames(read("/prometheus/reactivedata-alerts.yml"));
		AlertEvaluator evaluator = new AlertEvaluator(AlertThresholds.defaults());
		evaluator.evaluate(new AlertReadings(Instant.EPOCH, 20, 20, 5, 1000, 0, 0, 0, 0, true));
		assertThat(evaluator.active()).extracting(Alert::name).allSatisfy(name -> assertThat(fileRules).contains(name));
	}

	private static Set<String> ruleNames(String rules) {
		Matcher matcher = Pattern.compile("rule: ([a-z0-9-]+)").matcher(rules);
		return matcher.results().map(result -> result.group(1)).collect(Collectors.toSet());
	}

	private static String read(String resource) throws IOException {
		try (InputStream in = PrometheusAlertRulesUnitTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
