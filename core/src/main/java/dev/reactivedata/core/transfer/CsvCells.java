package dev.reactivedata.core.transfer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * CSV as PostgreSQL writes and reads it, one record at a time: neutralising cells against spreadsheet formula
 * injection on the way out, reading records (with their line numbers) and taking the neutralising quote off again
 * on the way in.
 */
final class CsvCells {

	private CsvCells() {
	}

	/**
	 * Whether a cell's text would be neutralised: any single quotes, then {@code =}, {@code +}, {@code -} or
	 * {@code @}. Cells that already begin with a quote before such a character get one more, so that an import
	 * restores them exactly.
	 */
	static boolean risky(CharSequence cell) {
		int i = 0;
		while (i < cell.length() && cell.charAt(i) == '\'') {
			i++;
		}
		return i < cell.length() && trigger(cell.charAt(i));
	}

	private static boolean trigger(int c) {
		return c == '=' || c == '+' || c == '-' || c == '@';
	}

	/**
	 * Neutralises one record of PostgreSQL's CSV output (ending with a newline), in the columns flagged.
	 * @param row the record's bytes (UTF-8)
	 * @param text which columns hold text (the others are left alone: {@code -5} is no formula)
	 * @return the record, the same array when nothing changed, and how many cells changed in {@code count[0]}
	 */
	static byte[] neutralise(byte[] row, boolean[] text, int[] count) {
		int[] insertAt = null;
		int inserts = 0;
		int field = 0;
		int i = 0;
		int length = row.length;
		while (i < length) {
			boolean quoted = row[i] == '"';
			int content = quoted ? i + 1 : i;
			int j = content;
			while (j < length && row[j] == '\'') {
				j++;
			}
			if (field < text.length && text[field] && j < length && trigger(row[j])) {
				if (insertAt == null) {
					insertAt = new int[text.length];
				}
				insertAt[inserts++] = content;
			}
			if (quoted) {
				i++;
				while (i < length) {
					if (row[i] == '"') {
						if (i + 1 < length && row[i + 1] == '"') {
							i += 2;
							continue;
						}
						i++;
						break;
					}
					i++;
				}
			}
			else {
				while (i < length && row[i] != ',' && row[i] != '\n' && row[i] != '\r') {
					i++;
				}
			}
			if (i < length && row[i] == ',') {
				field++;
				i++;
				if (i == length || row[i] == '\n' || row[i] == '\r') {
					break;
				}
			}
			else {
				break;
			}
		}
		if (inserts == 0) {
			return row;
		}
		count[0] += inserts;
		byte[] result = new byte[length + inserts];
		int from = 0;
		int to = 0;
		for (int k = 0; k < inserts; k++) {
			int at = insertAt[k];
			System.arraycopy(row, from, result, to, at - from);
			to += at - from;
			result[to++] = '\'';
			from = at;
		}
		System.arraycopy(row, from, result, to, length - from);
		return result;
	}

	/**
	 * Takes the neutralising quote off a text cell read from a file.
	 */
	static @Nullable String restore(@Nullable String cell) {
		if (cell != null && cell.startsWith("'") && risky(cell)) {
			return cell.substring(1);
		}
		return cell;
	}

	/**
	 * Appends a cell for {@code COPY … FROM STDIN (FORMAT csv)}: {@code null} as an unquoted empty cell, anything
	 * else quoted.
	 */
	static void append(StringBuilder out, @Nullable String cell) {
		if (cell == null) {
			return;
		}
		out.append('"');
		for (int i = 0; i < cell.length(); i++) {
			char c = cell.charAt(i);
			if (c == '"') {
				out.append('"');
			}
			out.append(c);
		}
		out.append('"');
	}

	/**
	 * Reads CSV records one at a time; a quoted cell may span lines.
	 */
	static final class RecordReader {

		private final Reader reader;

		private long line = 1;

		private long recordLine;

		private int peeked = -2;

		RecordReader(Reader reader) {
			this.reader = reader;
		}

		/**
		 * @return the line the last record read started on
		 */
		long recordLine() {
			return this.recordLine;
		}

		/**
		 * Reads the next record.
		 * @return its cells ({@code null} for an unquoted empty cell), or {@code null} at the end
		 * @throws TransferException on an unterminated quote, naming its line
		 */
		@Nullable List<@Nullable String> next() throws IOException {
			int c = read();
			while (c == '\r' || c == '\n') {
				if (c == '\n') {
					this.line++;
				}
				c = read();
			}
			if (c == -1) {
				return null;
			}
			this.recordLine = this.line;
			List<@Nullable String> cells = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quotedCell = false;
			while (true) {
				if (c == '"') {
					quotedCell = true;
					while (true) {
						c = read();
						if (c == -1) {
							throw new TransferException("line " + this.recordLine + ": unterminated quoted cell");
						}
						if (c == '"') {
							c = read();
							if (c == '"') {
								cell.append('"');
								continue;
							}
							break;
						}
						if (c == '\n') {
							this.line++;
						}
						cell.append((char) c);
					}
				}
				if (c == ',' || c == '\n' || c == '\r' || c == -1) {
					cells.add((!quotedCell && cell.isEmpty()) ? null : cell.toString());
					cell.setLength(0);
					quotedCell = false;
					if (c == ',') {
						c = read();
						continue;
					}
					if (c == '\r') {
						c = read();
						if (c != '\n' && c != -1) {
							unread(c);
						}
					}
					if (c == '\n') {
						this.line++;
					}
					return cells;
				}
				cell.append((char) c);
				c = read();
			}
		}

		private int read() throws IOException {
			if (this.peeked != -2) {
				int c = this.peeked;
				this.peeked = -2;
				return c;
			}
			return this.reader.read();
		}

		private void unread(int c) {
			this.peeked = c;
		}

	}

}
