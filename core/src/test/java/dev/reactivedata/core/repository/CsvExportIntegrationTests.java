package dev.reactivedata.core.repository;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.testing.DataLayerExtension;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactiveDataRepository#exportCsv}: the lines PostgreSQL renders are those {@code COPY} writes with every
 * value quoted, except for the neutralised formula; row-level security, soft delete and the query apply.
 */
class CsvExportIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.withMigrations("classpath:db/repository-test");

	private static final String COLUMNS = "id, title, body, status, tags, metadata, version, created_at, updated_at, "
			+ "created_by, updated_by, deleted_at";

	private static RepositoryTestContext context;

	private final UUID tenant = UUID.randomUUID();

	@BeforeAll
	static void start() {
		context = RepositoryTestContext.start(dataLayer.database());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void linesAreWhatCopyWritesWithEveryValueQuotedAndFormulasNeutralised() throws Exception {
		Item formula = Item.of("=SUM(A1)", ItemStatus.PUBLISHED, List.of("a\"b", "c,d", "e\\f", "{g}"));
		formula.setBody("He said \"hi\",\nthen left");
		formula.setMetadata(Json.of("{\"k\": [1, null, \"x\"]}"));
		Item deleted = new Item("Deleted");
		// A formula may start with any of = + - @, after any number of single quotes.
		List<String> otherFormulas = List.of("+1", "-2", "@cmd", "''=x");
		List<Item> items = new ArrayList<>(List.of(formula, new Item("Plain"), new Item("'Quoted, no formula"), deleted));
		otherFormulas.forEach(title -> items.add(new Item(title)));
		inTenant(context.items().saveAll(items).then(Mono.defer(() -> context.items().delete(deleted))))
			.as(StepVerifier::create)
			.verifyComplete();
		String exported = String.join("", inTenant(context.items().exportCsv(DataQuery.all().sort(Sort.by("title")))
			.collectList()).block(Duration.ofSeconds(10)));
		String copied = copy("COPY (SELECT " + COLUMNS + " FROM items WHERE tenant_id = '" + this.tenant
				+ "' AND deleted_at IS NULL ORDER BY title) TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE *)");
		assertThat(copied).contains(",\"=SUM(A1)\",").contains("\"Plain\"").contains("\"'Quoted, no formula\"")
			.doesNotContain("Deleted");
		String expected = copied;
		for (String title : Stream.concat(Stream.of("=SUM(A1)"), otherFormulas.stream()).toList()) {
			assertThat(copied).contains(",\"" + title + "\",");
			expected = expected.replace(",\"" + title + "\",", ",\"'" + title + "\",");
		}
		assertThat(exported).isEqualTo(expected);
	}

	@Test
	void anotherTenantExportsTheHeaderOnly() {
		inTenant(context.items().save(new Item("Mine"))).as(StepVerifier::create).expectNextCount(1).verifyComplete();
		context.items()
			.exportCsv(DataQuery.all())
			.contextWrite(TenantContext.withTenant(UUID.randomUUID()))
			.as(StepVerifier::create)
			.expectNext(COLUMNS.replace(" ", "") + "\n")
			.verifyComplete();
	}

	@Test
	void anUnknownSortPropertyIsRefused() {
		context.items()
			.exportCsv(DataQuery.all().sort(Sort.by("nope")))
			.as(StepVerifier::create)
			.expectError(InvalidQueryException.class)
			.verify(Duration.ofSeconds(10));
	}

	/** What PostgreSQL's COPY writes, as the owner, in the time zone of the repository's sessions. */
	private static String copy(String sql) throws Exception {
		String timeZone = context.client().sql("SHOW TimeZone").map(row -> row.get(0, String.class)).one()
			.block(Duration.ofSeconds(10));
		try (Connection connection = DriverManager.getConnection(dataLayer.database().jdbcUrl(),
				dataLayer.database().ownerUser(), dataLayer.database().ownerPassword());
				Statement statement = connection.createStatement()) {
			statement.execute("SET TimeZone TO '" + timeZone + "'");
			StringWriter out = new StringWriter();
			connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
			return out.toString();
		}
	}

	private <T> Mono<T> inTenant(Mono<T> mono) {
		return mono.contextWrite(TenantContext.withTenant(this.tenant));
	}

	private <T> Flux<T> inTenant(Flux<T> flux) {
		return flux.contextWrite(TenantContext.withTenant(this.tenant));
	}

}
