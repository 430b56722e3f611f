package dev.reactivedata.demo.web;

import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The {@code type} URIs of the demo's problem details: one per HTTP status, such as
 * {@code https://reactivedata.dev/problems/not-found}, so clients can switch on the type.
 */
public final class ProblemTypes {

	private static final String BASE = "https://reactivedata.dev/problems/";

	/** Built once: problems are answered on hot paths (401, 429) too. */
	private static final Map<HttpStatus, URI> KNOWN = known();

	private ProblemTypes() {
	}

	/**
	 * Returns the problem type for a status.
	 * @param status the HTTP status
	 * @return the type URI
	 */
	public static URI forStatus(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? KNOWN.get(known) : URI.create(BASE + "status-" + status.value());
	}

	private static Map<HttpStatus, URI> known() {
		Map<HttpStatus, URI> types = new EnumMap<>(HttpStatus.class);
		for (HttpStatus status : HttpStatus.values()) {
			types.put(status, URI.create(BASE + status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
		}
		return types;
	}

}
