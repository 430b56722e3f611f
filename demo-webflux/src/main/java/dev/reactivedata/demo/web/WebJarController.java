package dev.reactivedata.demo.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /webjars/**}: the dashboard's libraries (uPlot) from their WebJars. Spring's resource handler reads
 * jar entries on the event loop; this reads each asset once on a bounded-elastic thread and serves it from memory,
 * with a year of caching since WebJar paths carry the version.
 */
@RestController
class WebJarController {

	private static final String PREFIX = "/webjars/";

	private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

	private static final int MAX_ASSETS = 32;

	private final Map<String, Mono<byte[]>> assets = new ConcurrentHashMap<>();

	@GetMapping("/webjars/**")
	Mono<ResponseEntity<byte[]>> asset(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value().substring(PREFIX.length());
		if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such asset"));
		}
		ClassPathResource resource = new ClassPathResource("META-INF/resources/webjars/" + path);
		Mono<byte[]> content = this.assets.size() < MAX_ASSETS
				? this.assets.computeIfAbsent(path, key -> read(resource).cache()) : read(resource);
		MediaType type = MediaTypeFactory.getMediaType(path).orElse(MediaType.APPLICATION_OCTET_STREAM);
		return content.map(bytes -> ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
			.body(bytes));
	}

	private static Mono<byte[]> read(ClassPathResource resource) {
		return Mono.fromCallable(() -> {
			try (InputStream in = resource.getInputStream()) {
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such asset", ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
