package dev.reactivedata.core.transfer;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats of exports and imports.
 */
public enum TransferFormat {

	/**
	 * CSV with a header line, as PostgreSQL writes it (an unquoted empty cell is {@code NULL}). Cells of text (and
	 * enum) columns that begin with {@code =}, {@code +}, {@code -} or {@code @} (after any single quotes) get a
	 * leading single quote on export so that spreadsheets do not run them as formulas; imports take it off again.
	 */
	CSV,

	/** One JSON object per line ({@code row_to_json}); an import takes the columns of its first line. */
	NDJSON;

	/**
	 * Picks the format of a file by its extension: {@code .ndjson}, {@code .jsonl} and {@code .json} are NDJSON,
	 * anything else CSV.
	 * @param file the file
	 * @return its format
	 */
	public static TransferFormat of(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) ? NDJSON : CSV;
	}

}
