package dev.reactivedata.core.transfer;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.reactivedata.core.backup.ProgressListener;
import dev.reactivedata.core.transfer.TableColumns.Column;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a table to CSV or NDJSON and imports such a file into a table, streaming with PostgreSQL's {@code COPY}
 * through the JDBC driver's copy API, one record (and at most one batch of {@value #BATCH} records) in memory at a
 * time.
 * <p>
 * Exports run as the schema owner with {@code row_security} off, so a role that row-level security would bind
 * fails instead of exporting only the rows it may see. Imports run as the application's role in one transaction:
 * the file is copied into a temporary staging table (type errors reject single lines), then moved into the table
 * with {@code INSERT … SELECT}, so the table's row-level security policies, constraints and triggers apply
 * (their violations reject single lines too). With a tenant, the import binds it as the policies expect.
 * <p>
 * JDBC blocks, so every operation runs on {@link Schedulers#boundedElastic()} when subscribed. Publishers are
 * cold and fail with {@link TransferException} for refusals.
 */
public final class TableTransferOperations {

	private static final int BATCH = 1000;

	private static final String STAGE = "rdl_import_stage";

	private static final String RAW = "rdl_import_raw";

	private static final String LINE = "rdl_line";

	private final DataSource owner;

	private final DataSource application;

	private final String tenantSetting;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Creates the operations.
	 * @param owner connections as the schema owner (exports)
	 * @param application connections as the application's role (imports)
	 * @param tenantSetting the custom setting the row-level security policies read, such as {@code app.tenant_id}
	 */
	public TableTransferOperations(DataSource owner, DataSource application, String tenantSetting) {
		this.owner = Objects.requireNonNull(owner, "owner must not be null");
		this.application = Objects.requireNonNull(application, "application must not be null");
		this.tenantSetting = Objects.requireNonNull(tenantSetting, "tenantSetting must not be null");
	}

	/**
	 * Exports a table (or view) into a file, through a temporary file beside it that is renamed when complete.
	 * @param table the table ({@code table} or {@code schema.table})
	 * @param format the format
	 * @param file the file to write
	 * @param progress hears the rows written (against the planner's estimate)
	 * @return what was written
	 */
	public Mono<ExportReport> export(String table, TransferFormat format, Path file, ProgressListener progress) {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(format, "format must not be null");
		Objects.requireNonNull(file, "file must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> {
			Path partial = file.resolveSibling(file.getFileName() + ".tmp");
			try {
				ExportReport report;
				try (OutputStream out = Files.newOutputStream(partial)) {
					report = exportTo(table, format, out, progress);
				}
				catch (AccessDeniedException | NoSuchFileException ex) {
					throw new TransferException("cannot write " + file + ": "
							+ ((ex instanceof AccessDeniedException) ? "permission denied" : "no such directory"), ex);
				}
				Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				return new ExportReport(report.table(), format, report.rows(), report.neutralisedCells(), report.bytes(),
						file.toString());
			}
			finally {
				Files.deleteIfExists(partial);
			}
		});
	}

	/**
	 * Exports a table (or view) into a stream, which is left open.
	 * @param table the table ({@code table} or {@code schema.table})
	 * @param format the format
	 * @param out where to write
	 * @param progress hears the rows written
	 * @return what was written
	 */
	public Mono<ExportReport> export(String table, TransferFormat format, OutputStream out, ProgressListener progress) {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(format, "format must not be null");
		Objects.requireNonNull(out, "out must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> exportTo(table, format, out, progress));
	}

	/**
	 * Imports a CSV (with header) or NDJSON file into a table as the application's role, in one transaction.
	 * @param table the table ({@code table} or {@code schema.table})
	 * @param file the file
	 * @param format its format
	 * @param tenant the tenant to bind for row-level security, or {@code null} for none
	 * @param atomic whether to insert nothing when any line is rejected
	 * @param progress hears the bytes of the file read
	 * @return the rows inserted and the lines rejected
	 */
	public Mono<ImportReport> importFile(String table, Path file, TransferFormat format, @Nullable String tenant,
			boolean atomic, ProgressListener progress) {
		Objects.requireNonNull(table, "table must not be null");
		Objects.requireNonNull(file, "file must not be null");
		Objects.requireNonNull(format, "format must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
		return blocking(() -> {
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				throw new TransferException("cannot read " + file);
			}
			try (Connection connection = this.application.getConnection()) {
				connection.setAutoCommit(false);
				try {
					ImportReport report = new Import(connection, file, format, progress).run(table, tenant);
					if (atomic && !report.rejected().isEmpty()) {
						connection.rollback();
						return new ImportReport(report.table(), 0, report.rejected());
					}
					connection.commit();
					return report;
				}
				catch (SQLException | IOException | RuntimeException ex) {
					connection.rollback();
					throw ex;
				}
			}
		});
	}

	private ExportReport exportTo(String typed, TransferFormat format, OutputStream out, ProgressListener progress)
			throws SQLException, IOException {
		try (Connection connection = this.owner.getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL row_security = off");
			}
			TableColumns table = TableColumns.find(connection, typed, true);
			List<Column> columns = table.writable();
			String select = "SELECT " + TableColumns.list(columns) + " FROM " + table.sql();
			String sql = (format == TransferFormat.CSV) ? "COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER)"
					// No JSON text holds raw control characters, so this CSV never quotes: one object per line.
					: "COPY (SELECT row_to_json(t)::text FROM (" + select + ") t) TO STDOUT "
							+ "WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";
			boolean[] text = new boolean[columns.size()];
			for (int i = 0; i < text.length; i++) {
				text[i] = columns.get(i).text();
			}
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			CopyOut copyOut;
			try {
				copyOut = copy.copyOut(sql);
			}
			catch (PSQLException ex) {
				if ("42501".equals(ex.getSQLState()) && String.valueOf(ex.getMessage()).contains("row-level security")) {
					throw new TransferException("table " + table.name() + " has row-level security that binds "
							+ "role " + connection.getMetaData().getUserName() + ", which would export only some rows: "
							+ "export as its owner (without FORCE ROW LEVEL SECURITY), a superuser or a BYPASSRLS role", ex);
				}
				throw ex;
			}
			long rows = 0;
			long bytes = 0;
			int[] neutralised = new int[1];
			boolean header = format == TransferFormat.CSV;
			long total = Math.max(table.estimatedRows(), 0);
			try {
				byte[] row;
				while ((row = copyOut.readFromCopy()) != null) {
					if (format == TransferFormat.CSV) {
						row = CsvCells.neutralise(row, text, neutralised);
					}
					out.write(row);
					bytes += row.length;
					if (header) {
						header = false;
						continue;
					}
					rows++;
					if (rows % 10_000 == 0) {
						progress.progress(rows, Math.max(total, rows));
					}
				}
			}
			finally {
				if (copyOut.isActive()) {
					copyOut.cancelCopy();
				}
			}
			out.flush();
			progress.progress(rows, rows);
			connection.commit();
			return new ExportReport(table.name(), format, rows, neutralised[0], bytes, null);
		}
	}

	private static String message(SQLException ex) {
		if (ex instanceof PSQLException psql && psql.getServerErrorMessage() != null
				&& psql.getServerErrorMessage().getMessage() != null) {
			return psql.getServerErrorMessage().getMessage();
		}
		return String.valueOf(ex.getMessage()).lines().findFirst().orElse("").strip();
	}

	private static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * One import: the file into the staging table batch by batch, then the staging table into the table.
	 */
	private final class Import {

		private final Connection connection;

		private final Path file;

		private final TransferFormat format;

		private final ProgressListener progress;

		private final CopyManager copy;

		private final List<ImportReport.Rejected> rejected = new ArrayList<>();

		private final long size;

		private long read;

		Import(Connection connection, Path file, TransferFormat format, ProgressListener progress)
				throws SQLException, IOException {
			this.connection = connection;
			this.file = file;
			this.format = format;
			this.progress = progress;
			this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
			this.size = Files.size(file);
		}

		ImportReport run(String typed, @Nullable String tenant) throws SQLException, IOException {
			if (tenant != null) {
				try (PreparedStatement statement = this.connection.prepareStatement("SELECT set_config(?, ?, true)")) {
					statement.setString(1, TableTransferOperations.this.tenantSetting);
					statement.setString(2, tenant);
					statement.execute();
				}
			}
			TableColumns table = TableColumns.find(this.connection, typed, false);
			if (this.format == TransferFormat.CSV) {
				ImportReport fast = fastCsv(table);
				if (fast != null) {
					return fast;
				}
			}
			try (InputStream in = new Counting(Files.newInputStream(this.file));
					BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				List<Column> columns = (this.format == TransferFormat.CSV) ? stageCsv(table, reader)
						: stageNdjson(table, reader);
				long inserted = columns.isEmpty() ? 0 : insert(table, columns);
				this.rejected.sort((a, b) -> Long.compare(a.line(), b.line()));
				return new ImportReport(table.name(), inserted, this.rejected);
			}
		}

		/**
		 * The fast way for a clean CSV file whose header names only writable columns: the whole file with one
		 * {@code COPY} into the staging table, the neutralising quotes taken off in SQL, one {@code INSERT … SELECT},
		 * all in a savepoint. When anything fails it rolls back to the savepoint and returns {@code null}: the
		 * line-by-line way then finds and reports the lines at fault.
		 */
		private @Nullable ImportReport fastCsv(TableColumns table) throws SQLException, IOException {
			List<@Nullable String> header;
			try (BufferedReader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
				header = new CsvCells.RecordReader(reader).next();
			}
			if (header == null) {
				return new ImportReport(table.name(), 0, List.of());
			}
			List<Column> columns = columns(table, header);
			if (columns.size() != header.size()) {
				return null;
			}
			Savepoint savepoint = this.connection.setSavepoint();
			try {
				createStage(table, columns, false);
				try (InputStream in = new Counting(Files.newInputStream(this.file))) {
					this.copy.copyIn("COPY " + STAGE + " (" + TableColumns.list(columns)
							+ ") FROM STDIN WITH (FORMAT csv, HEADER)", in, 65536);
				}
				List<Column> text = columns.stream().filter(Column::text).toList();
				try (Statement statement = this.connection.createStatement()) {
					if (!text.isEmpty()) {
						String risky = "~ '^''+[-=+@]'";
						statement.execute("UPDATE " + STAGE + " SET " + text.stream()
							.map(c -> c.sql() + " = CASE WHEN " + c.sql() + " " + risky + " THEN substr(" + c.sql() + ", 2) ELSE "
									+ c.sql() + " END")
							.collect(Collectors.joining(", ")) + " WHERE "
								+ text.stream().map(c -> c.sql() + " " + risky).collect(Collectors.joining(" OR ")));
					}
					String list = TableColumns.list(columns);
					long inserted = statement.executeLargeUpdate("INSERT INTO " + table.sql() + " (" + list + ")"
							+ (columns.stream().anyMatch(Column::identityAlways) ? " OVERRIDING SYSTEM VALUE" : "")
							+ " SELECT " + list + " FROM " + STAGE);
					statement.execute("DROP TABLE " + STAGE);
					this.connection.releaseSavepoint(savepoint);
					this.progress.progress(this.size, this.size);
					return new ImportReport(table.name(), inserted, List.of());
				}
			}
			catch (SQLException ex) {
				this.connection.rollback(savepoint);
				this.read = 0;
				return null;
			}
		}

		private List<Column> stageCsv(TableColumns table, BufferedReader reader) throws SQLException, IOException {
			CsvCells.RecordReader records = new CsvCells.RecordReader(reader);
			List<@Nullable String> header = records.next();
			if (header == null) {
				return List.of();
			}
			List<Column> columns = columns(table, header);
			createStage(table, columns, true);
			boolean[] keep = new boolean[header.size()];
			boolean[] text = new boolean[header.size()];
			Map<String, Column> byName = byName(table);
			for (int i = 0; i < header.size(); i++) {
				Column column = byName.get(header.get(i));
				keep[i] = column != null && !column.generated();
				text[i] = keep[i] && column.text();
			}
			String sql = "COPY " + STAGE + " (" + TableColumns.list(columns) + ", " + LINE + ") FROM STDIN WITH (FORMAT csv)";
			Batch batch = new Batch(sql);
			List<@Nullable String> record;
			while ((record = records.next()) != null) {
				long line = records.recordLine();
				if (record.size() != header.size()) {
					this.rejected.add(new ImportReport.Rejected(line,
							"expected " + header.size() + " cells, found " + record.size()));
					continue;
				}
				StringBuilder row = new StringBuilder();
				for (int i = 0; i < record.size(); i++) {
					if (keep[i]) {
						CsvCells.append(row, text[i] ? CsvCells.restore(record.get(i)) : record.get(i));
						row.append(',');
					}
				}
				row.append(line).append('\n');
				batch.add(line, row);
			}
			batch.flush();
			return columns;
		}

		private List<Column> stageNdjson(TableColumns table, BufferedReader reader) throws SQLException, IOException {
			List<Column> columns = null;
			Batch batch = null;
			String text;
			long line = 0;
			while ((text = reader.readLine()) != null) {
				line++;
				if (text.isBlank()) {
					continue;
				}
				if (columns == null) {
					columns = columns(table, keys(text, line));
					createStage(table, columns, true);
					try (Statement statement = this.connection.createStatement()) {
						statement.execute("CREATE TEMP TABLE " + RAW + " (" + LINE + " bigint, doc text) ON COMMIT DROP");
					}
					String fields = columns.stream().map(column -> "(r)." + column.sql()).collect(Collectors.joining(", "));
					batch = new NdjsonBatch("COPY " + RAW + " (" + LINE + ", doc) FROM STDIN WITH (FORMAT csv)",
							"INSERT INTO " + STAGE + " (" + TableColumns.list(columns) + ", " + LINE + ") SELECT " + fields
									+ ", " + LINE + " FROM (SELECT " + LINE + ", jsonb_populate_record(NULL::" + table.sql()
									+ ", doc::jsonb) AS r FROM " + RAW + " WHERE " + LINE + " BETWEEN ? AND ?) s");
				}
				StringBuilder row = new StringBuilder().append(line).append(',');
				CsvCells.append(row, text);
				batch.add(line, row.append('\n'));
			}
			if (batch != null) {
				batch.flush();
			}
			return (columns != null) ? columns : List.of();
		}

		private List<String> keys(String text, long line) {
			try {
				JsonNode node = TableTransferOperations.this.json.readTree(text);
				if (!node.isObject()) {
					throw new TransferException("line " + line + " of " + this.file + " is not a JSON object");
				}
				return List.copyOf(node.propertyNames());
			}
			catch (JacksonException ex) {
				throw new TransferException("line " + line + " of " + this.file + " is not JSON: " + ex.getOriginalMessage(),
						ex);
			}
		}

		private List<Column> columns(TableColumns table, List<@Nullable String> names) {
			Map<String, Column> byName = byName(table);
			List<Column> columns = new ArrayList<>();
			for (String name : names) {
				Column column = (name != null) ? byName.get(name) : null;
				if (column == null) {
					throw new TransferException("unknown column " + name + " in " + this.file + "; table " + table.name()
							+ " has " + table.columns().stream().map(Column::name).collect(Collectors.joining(", ")));
				}
				if (!column.generated()) {
					columns.add(column);
				}
			}
			return columns;
		}

		private Map<String, Column> byName(TableColumns table) {
			Map<String, Column> byName = new HashMap<>();
			table.columns().forEach(column -> byName.put(column.name(), column));
			return byName;
		}

		private void createStage(TableColumns table, List<Column> columns, boolean lines) throws SQLException {
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("CREATE TEMP TABLE " + STAGE + " ON COMMIT DROP AS SELECT " + TableColumns.list(columns)
						+ " FROM " + table.sql() + " WITH NO DATA");
				if (lines) {
					statement.execute("ALTER TABLE " + STAGE + " ADD COLUMN " + LINE + " bigint");
				}
			}
		}

		/**
		 * Moves the staged rows into the table in one statement; when that fails, batch by batch and, in a failing
		 * batch, line by line, rejecting the lines the table refuses.
		 */
		private long insert(TableColumns table, List<Column> columns) throws SQLException {
			String list = TableColumns.list(columns);
			String overriding = columns.stream().anyMatch(Column::identityAlways) ? " OVERRIDING SYSTEM VALUE" : "";
			String insert = "INSERT INTO " + table.sql() + " (" + list + ")" + overriding + " SELECT " + list + " FROM "
					+ STAGE;
			Long all = tryUpdate(insert + " ORDER BY " + LINE, -1, -1);
			if (all != null) {
				return all;
			}
			long inserted = 0;
			long after = Long.MIN_VALUE;
			while (true) {
				List<Long> lines = new ArrayList<>();
				try (PreparedStatement statement = this.connection.prepareStatement(
						"SELECT " + LINE + " FROM " + STAGE + " WHERE " + LINE + " > ? ORDER BY " + LINE + " LIMIT " + BATCH)) {
					statement.setLong(1, after);
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							lines.add(rows.getLong(1));
						}
					}
				}
				if (lines.isEmpty()) {
					return inserted;
				}
				String range = insert + " WHERE " + LINE + " BETWEEN ? AND ? ORDER BY " + LINE;
				Long batch = tryUpdate(range, lines.get(0), lines.get(lines.size() - 1));
				if (batch != null) {
					inserted += batch;
				}
				else {
					for (long line : lines) {
						Long one = tryUpdate(range, line, line);
						inserted += (one != null) ? one : 0;
					}
				}
				after = lines.get(lines.size() - 1);
			}
		}

		/**
		 * Runs an update in a savepoint; on failure rolls back to it, rejects the line when it is one line, and
		 * returns {@code null}.
		 */
		private @Nullable Long tryUpdate(String sql, long from, long to) throws SQLException {
			Savepoint savepoint = this.connection.setSavepoint();
			try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
				if (from >= 0) {
					statement.setLong(1, from);
					statement.setLong(2, to);
				}
				long count = statement.executeLargeUpdate();
				this.connection.releaseSavepoint(savepoint);
				return count;
			}
			catch (SQLException ex) {
				this.connection.rollback(savepoint);
				if (from >= 0 && from == to) {
					this.rejected.add(new ImportReport.Rejected(from, message(ex)));
				}
				return null;
			}
		}

		/**
		 * Up to {@value #BATCH} staged records sent with one {@code COPY}; when it fails, record by record.
		 */
		private class Batch {

			private final String copySql;

			private final StringBuilder rows = new StringBuilder();

			private final List<Long> lines = new ArrayList<>();

			private final List<Integer> ends = new ArrayList<>();

			Batch(String copySql) {
				this.copySql = copySql;
			}

			void add(long line, CharSequence row) throws SQLException, IOException {
				this.rows.append(row);
				this.lines.add(line);
				this.ends.add(this.rows.length());
				if (this.lines.size() >= BATCH) {
					flush();
				}
			}

			void flush() throws SQLException, IOException {
				if (this.lines.isEmpty()) {
					return;
				}
				if (!copy(this.rows.toString(), this.lines.get(0), this.lines.get(this.lines.size() - 1), false)) {
					int start = 0;
					for (int i = 0; i < this.lines.size(); i++) {
						copy(this.rows.substring(start, this.ends.get(i)), this.lines.get(i), this.lines.get(i), true);
						start = this.ends.get(i);
					}
				}
				Import.this.progress.progress(Import.this.read, Import.this.size);
				this.rows.setLength(0);
				this.lines.clear();
				this.ends.clear();
			}

			boolean copy(String data, long first, long last, boolean single) throws SQLException, IOException {
				Savepoint savepoint = Import.this.connection.setSavepoint();
				try {
					Import.this.copy.copyIn(this.copySql, new StringReader(data));
					afterCopy(first, last);
					Import.this.connection.releaseSavepoint(savepoint);
					return true;
				}
				catch (SQLException ex) {
					Import.this.connection.rollback(savepoint);
					if (single) {
						Import.this.rejected.add(new ImportReport.Rejected(first, message(ex)));
					}
					return false;
				}
			}

			void afterCopy(long first, long last) throws SQLException {
			}

		}

		/**
		 * NDJSON batches go into the raw table, then are converted into the staging table's types.
		 */
		private final class NdjsonBatch extends Batch {

			private final String convertSql;

			NdjsonBatch(String copySql, String convertSql) {
				super(copySql);
				this.convertSql = convertSql;
			}

			@Override
			void afterCopy(long first, long last) throws SQLException {
				try (PreparedStatement statement = Import.this.connection.prepareStatement(this.convertSql)) {
					statement.setLong(1, first);
					statement.setLong(2, last);
					statement.execute();
				}
				try (Statement statement = Import.this.connection.createStatement()) {
					statement.execute("TRUNCATE " + RAW);
				}
			}

		}

		/**
		 * Counts the bytes of the file read, for progress.
		 */
		private final class Counting extends FilterInputStream {

			Counting(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				int b = super.read();
				if (b >= 0) {
					Import.this.read++;
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = super.read(buffer, offset, length);
				if (n > 0) {
					Import.this.read += n;
				}
				return n;
			}

		}

	}

}
