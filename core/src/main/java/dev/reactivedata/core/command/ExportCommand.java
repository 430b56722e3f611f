package dev.reactivedata.core.command;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.reactivedata.core.backup.ProgressListener;
import dev.reactivedata.core.transfer.ExportReport;
import dev.reactivedata.core.transfer.TableTransferOperations;
import dev.reactivedata.core.transfer.TransferFormat;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db export <table> [--format csv|ndjson] [--out F]}.
 */
@Command(name = "export", description = "Streams a table as CSV (default; --format csv) or NDJSON (--format ndjson) "
		+ "to standard output or a file, as the schema owner. CSV cells beginning with =, +, - or @ get a leading "
		+ "single quote against spreadsheet formula injection (db import takes it off).")
final class ExportCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Parameters(index = "0", paramLabel = "<table>", description = "The table, or schema.table.")
	String table;

	@Option(names = "--out", paramLabel = "F", description = "Write to this file (complete or not at all) instead of "
			+ "standard output.")
	@Nullable Path out;

	@Override
	public Integer call() {
		TransferFormat format = switch (this.db.format) {
			case TEXT, CSV -> TransferFormat.CSV;
			case JSON, NDJSON -> TransferFormat.NDJSON;
		};
		OperationSettings settings = this.db.services().settings();
		TableTransferOperations operations = new TableTransferOperations(settings.ownerDataSource(),
				settings.applicationDataSource(), settings.tenantSetting());
		Output output = new Output(this.db.output().out(), this.db.output().err(), false, this.db.output().terminal());
		if (this.out == null) {
			operations.export(this.table, format, new WriterStream(output), ProgressListener.NONE).block();
			return DbCommandLine.OK;
		}
		ExportReport report;
		try (Progress progress = Progress.start("export", output)) {
			report = operations.export(this.table, format, this.out, progress::update).block();
		}
		output.line("exported " + report.rows() + " rows of " + report.table() + " to " + report.file() + " ("
				+ report.bytes() + " bytes" + ((format == TransferFormat.CSV)
						? ", " + report.neutralisedCells() + " cells neutralised" : "") + ")");
		return DbCommandLine.OK;
	}

	/**
	 * Standard output as a stream of whole UTF-8 records.
	 */
	private static final class WriterStream extends OutputStream {

		private final Output output;

		WriterStream(Output output) {
			this.output = output;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.output.out().write(new String(bytes, offset, length, StandardCharsets.UTF_8));
		}

		@Override
		public void flush() {
			this.output.out().flush();
		}

	}

}
