package dev.reactivedata.core.transfer;

import org.jspecify.annotations.Nullable;

/**
 * What {@code db export} wrote.
 * @param table the table, {@code schema.table}
 * @param format the format
 * @param rows the rows written
 * @param neutralisedCells the CSV cells given a leading quote against formula injection
 * @param bytes the bytes written
 * @param file the file written, {@code null} for a stream
 */
public record ExportReport(String table, TransferFormat format, long rows, long neutralisedCells, long bytes,
		@Nullable String file) {
}
