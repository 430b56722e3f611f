package dev.reactivedata.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.reactivedata.bench.external.Wrk;
import dev.reactivedata.bench.fixture.BenchFixture;
import dev.reactivedata.bench.fixture.DemoServer;
import dev.reactivedata.bench.fixture.Demos;
import dev.reactivedata.bench.harness.Measured;
import dev.reactivedata.bench.harness.Row;
import dev.reactivedata.bench.harness.Settings;

/**
 * HTTP GET of one article from the demo ({@code GET /api/articles/{id}} with the acme key) under {@code wrk}
 * on loopback. Ours: the demo with its cache (the article is read once first, so the trials see
 * {@code X-Cache: HIT}). Baselines: a minimal WebFlux handler in the same demo process ({@code GET /bench/article},
 * the benchmark-only route) answering the very bytes of the cached GET from memory, which is what WebFlux itself
 * allows; the same endpoint on a second demo process whose Redis URL is unreachable, so its cache fails open
 * ({@code X-Cache: BYPASS}) and every request reads the database; and, for reference, the same endpoint with an
 * unknown key (401, answered before any handler).
 */
final class HttpGetScenario implements Scenario {

	static final String OURS = "demo GET /api/articles/{id}, cache on (HIT)";

	static final String MINIMAL = "minimal WebFlux handler, same JSON bytes from memory, same process";

	static final String CACHE_OFF = "same endpoint, cache off (BYPASS: unreachable Redis)";

	static final String UNAUTHORIZED = "same endpoint, unknown key (401)";

	private static final String MINIMAL_PATH = "/bench/article";

	private static final String UNKNOWN_KEY = "bench-unknown-key";

	@Override
	public String id() {
		return "http-get";
	}

	@Override
	public List<Row> run(BenchContext context) throws IOException, InterruptedException {
		BenchFixture fixture = context.fixture();
		// The demos run only while this scenario does.
		try (Demos demos = fixture.startDemos()) {
			DemoServer demo = demos.cached();
			DemoServer cacheOff = demos.cacheOff();
			String path = "/api/articles/" + fixture.randomArticleId();
			Map<String, String> headers = Map.of("X-API-Key", BenchFixture.API_KEY);
			HttpClient http = HttpClient.newHttpClient();
			// The first read fills the cache; the second must hit it.
			get(http, demo.baseUrl() + path, BenchFixture.API_KEY, 200);
			HttpResponse<byte[]> on = get(http, demo.baseUrl() + path, BenchFixture.API_KEY, 200);
			HttpResponse<byte[]> off = get(http, cacheOff.baseUrl() + path, BenchFixture.API_KEY, 200);
			if (!cacheHeader(on).equals("HIT") || !cacheHeader(off).equals("BYPASS")) {
				throw new IllegalStateException("expected X-Cache HIT (cache on) and BYPASS (cache off), got " + cacheHeader(on)
						+ " and " + cacheHeader(off));
			}
			storeForTheMinimalHandler(http, demo.baseUrl() + MINIMAL_PATH, on.body());
			get(http, demo.baseUrl() + path, UNKNOWN_KEY, 401);
			int connections = context.settings().concurrency();
			// Fresh demo JVMs: their JIT is still compiling after a few steady seconds of wrk. Quick runs (1 s trials,
			// 10 s of warm-up) measured the cached GET against the minimal handler 19-30 % below the full run.
			Map<String, Measured> measured = context.trials(id())
				.warmUpAtLeast(Settings.HTTP_WARM_UP)
				.awaitServerJit(Settings.SERVER_JIT_WARM_UP, demo.process(), cacheOff.process())
				.trialsAtLeast(Settings.TOOL_TRIAL)
				.load(OURS, "req/s", duration -> Wrk.get(demo.baseUrl() + path, headers, connections, duration))
				.load(MINIMAL, "req/s", duration -> Wrk.get(demo.baseUrl() + MINIMAL_PATH, Map.of(), connections, duration))
				.load(CACHE_OFF, "req/s", duration -> Wrk.get(cacheOff.baseUrl() + path, headers, connections, duration))
				.load(UNAUTHORIZED, "req/s", duration -> Wrk.getRejected(demo.baseUrl() + path, Map.of("X-API-Key", UNKNOWN_KEY),
						connections, duration))
				.run();
			context.details().note("HTTP: both demos run side by side (same jar, flags and pool size); the cache-off one "
					+ "gets redis://127.0.0.1:1, so its cache fails open and each GET reads the database. wrk requests "
					+ "one article id, so the cached side measures the hit path. The minimal handler is the demo's "
					+ "benchmark-only GET " + MINIMAL_PATH + " (demo.bench.routes.enabled), answering the " + on.body().length
					+ " bytes of the cached GET from memory through the same web filters, without authentication, rate "
					+ "limit, cache or JSON encoding. Rate limits are on with limits far above the load. p50/p99 per side "
					+ "are in the details.");
			List<Row> rows = new ArrayList<>();
			Scenarios.pair(rows, measured, "HTTP cached GET (X-Cache HIT) vs a minimal WebFlux handler answering the same JSON "
					+ "from memory in the same process (wrk, " + connections + " connections; target ≥ 0.5)", OURS, MINIMAL);
			Scenarios.pair(rows, measured, "HTTP cached GET: demo endpoint (X-Cache HIT) vs same endpoint cache off (wrk, "
					+ connections + " connections; target ≥ 5)", OURS, CACHE_OFF);
			Scenarios.pair(rows, measured, "HTTP 401 for an unknown key (reference) vs the minimal handler (wrk, "
					+ connections + " connections)", UNAUTHORIZED, MINIMAL);
			return rows;
		}
	}

	private static void storeForTheMinimalHandler(HttpClient http, String url, byte[] body)
			throws IOException, InterruptedException {
		HttpResponse<Void> stored = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.discarding());
		if (stored.statusCode() != 204) {
			throw new IllegalStateException("PUT " + url + " answered " + stored.statusCode()
					+ ": is demo.bench.routes.enabled set?");
		}
		HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		if (served.statusCode() != 200 || !Arrays.equals(served.body(), body)) {
			throw new IllegalStateException("GET " + url + " does not answer the bytes of the cached GET");
		}
	}

	private static HttpResponse<byte[]> get(HttpClient http, String url, String apiKey, int expectedStatus)
			throws IOException, InterruptedException {
		HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
			.header("X-API-Key", apiKey)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != expectedStatus) {
			throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ", expected "
					+ expectedStatus + ": " + new String(response.body(), StandardCharsets.UTF_8));
		}
		return response;
	}

	private static String cacheHeader(HttpResponse<?> response) {
		return response.headers().firstValue("X-Cache").orElse("absent");
	}

}
