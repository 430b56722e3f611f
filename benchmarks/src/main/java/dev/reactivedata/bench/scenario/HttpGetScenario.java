package dev.reactivedata.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.external.Wrk;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.DemoServer;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;

/**
 * HTTP GET of one article from the demo ({@code GET /api/articles/{id}} with the acme key) under {@code wrk}
 * on loopback. Ours: the demo with its cache (the article is read once first, so the trials see
 * {@code X-Cache: HIT}). Baseline: the same endpoint on a second demo process whose Redis URL is unreachable, so
 * its cache fails open ({@code X-Cache: BYPASS}) and every request reads the database.
 */
final class HttpGetScenario implements Scenario {

	static final String OURS = "demo GET /api/articles/{id}, cache on (HIT)";

	static final String CACHE_OFF = "same endpoint, cache off (BYPASS: unreachable Redis)";

	@Override
	public String id() {
		return "http-get";
	}

	@Override
	public List<Row> run(BenchContext context) throws IOException, InterruptedException {
		BenchFixture fixture = context.fixture();
		DemoServer demo = fixture.demo()
			.orElseThrow(() -> new IllegalStateException("the demo is not running: " + fixture.demoFailure()));
		DemoServer cacheOff = fixture.demoCacheOff()
			.orElseThrow(() -> new IllegalStateException("the cache-off demo is not running: " + fixture.demoFailure()));
		String path = "/api/articles/" + fixture.randomArticleId();
		Map<String, String> headers = Map.of("X-API-Key", BenchFixture.API_KEY);
		HttpClient http = HttpClient.newHttpClient();
		// The first read fills the cache; the second must hit it.
		probe(http, demo.baseUrl() + path);
		String on = probe(http, demo.baseUrl() + path);
		String off = probe(http, cacheOff.baseUrl() + path);
		if (!on.equals("HIT") || !off.equals("BYPASS")) {
			throw new IllegalStateException("expected X-Cache HIT (cache on) and BYPASS (cache off), got " + on + " and "
					+ off);
		}
		int connections = context.settings().concurrency();
		Map<String, Measured> measured = context.trials(id())
			.load(OURS, "req/s", duration -> Wrk.get(demo.baseUrl() + path, headers, connections, duration))
			.load(CACHE_OFF, "req/s", duration -> Wrk.get(cacheOff.baseUrl() + path, headers, connections, duration))
			.run();
		context.details().note("HTTP: both demos run side by side (same jar, flags and pool size); the cache-off one "
				+ "gets redis://127.0.0.1:1, so its cache fails open and each GET reads the database. wrk requests "
				+ "one article id, so the cached side measures the hit path.");
		List<Row> rows = new ArrayList<>();
		Scenarios.pair(rows, measured, "HTTP cached GET: demo endpoint (X-Cache HIT) vs same endpoint cache off (wrk, "
				+ connections + " connections)", OURS, CACHE_OFF);
		return rows;
	}

	private static String probe(HttpClient http, String url) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("X-API-Key", BenchFixture.API_KEY)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.headers().firstValue("X-Cache").orElse("absent");
	}

}
