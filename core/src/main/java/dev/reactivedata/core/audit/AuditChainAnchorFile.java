package dev.reactivedata.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The external anchor of the audit chains: the lane heads of {@link AuditChainVerifier#heads()} as a JSON file,
 * {@code {"heads":[{"tenant":…,"lane":…,"position":…,"hash":…},…]}} (a {@code null} tenant for the entries
 * written without one), kept where whoever can delete audit entries cannot rewrite it. The file is written to a
 * temporary file beside it and renamed over it, so a reader never sees half of it. File work runs on
 * {@link Schedulers#boundedElastic()}.
 */
public final class AuditChainAnchorFile {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AuditChainAnchorFile() {
	}

	/**
	 * Renders heads as the file's JSON document.
	 * @param heads the heads
	 * @return the document, on one line
	 */
	public static String toJson(List<AuditChainHead> heads) {
		Objects.requireNonNull(heads, "heads must not be null");
		return JSON.writeValueAsString(new Anchor(List.copyOf(heads)));
	}

	/**
	 * Writes heads to {@code file}, replacing it atomically.
	 * @param file the file
	 * @param heads the heads
	 * @return completes once the file is in place; {@link UncheckedIOException} when it cannot be written
	 */
	public static Mono<Void> write(Path file, List<AuditChainHead> heads) {
		Objects.requireNonNull(file, "file must not be null");
		Objects.requireNonNull(heads, "heads must not be null");
		return Mono.<Void>fromRunnable(() -> replace(file.toAbsolutePath(), toJson(heads)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Reads the heads of {@code file}.
	 * @param file a file {@link #write} wrote
	 * @return the heads in the file's order; {@link IllegalArgumentException} naming the file when it is not an
	 * anchor file, {@link UncheckedIOException} when it cannot be read
	 */
	public static Mono<List<AuditChainHead>> read(Path file) {
		Objects.requireNonNull(file, "file must not be null");
		return Mono.fromCallable(() -> parse(file)).subscribeOn(Schedulers.boundedElastic());
	}

	private static List<AuditChainHead> parse(Path file) {
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the audit anchor file " + file + ": " + ex.getMessage(), ex);
		}
		try {
			Anchor anchor = JSON.readValue(content, Anchor.class);
			if (anchor.heads() == null || anchor.heads().contains(null)) {
				throw new IllegalArgumentException("Not an audit anchor file (no \"heads\" list): " + file);
			}
			return anchor.heads();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not an audit anchor file: " + file + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static void replace(Path file, String json) {
		try {
			Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
			try {
				Files.writeString(temporary, json + "\n", StandardCharsets.UTF_8);
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit anchor file " + file + ": " + ex.getMessage(), ex);
		}
	}

	/** The file's document. */
	private record Anchor(List<AuditChainHead> heads) {
	}

}
