package dev.reactivedata.demo.web;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The {@code type} URIs of the demo's problem details: one per HTTP status, such as
 * {@code https://reactivedata.dev/problems/not-found}, so clients can switch on the type.
 */
public final class ProblemTypes {

	private static final String BASE = "https://reactivedata.dev/problems/";

	private ProblemTypes() {
	}

	/**
	 * Returns the problem type for a status.
	 * @param status the HTTP status
	 * @return the type URI
	 */
	public static URI forStatus(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String slug = (known != null) ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
				: "status-" + status.value();
		return URI.create(BASE + slug);
	}

}
