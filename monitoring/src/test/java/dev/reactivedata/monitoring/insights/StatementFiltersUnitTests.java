package dev.reactivedata.monitoring.insights;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementFiltersUnitTests {

	private static final Set<String> ORDER_COLUMNS = Set.of("id", "customer", "status", "created_at");

	@Test
	void equalityColumnsComeFirstThenOneRangeColumn() {
		String sql = "SELECT o.id FROM public.orders o WHERE o.created_at > $1 AND o.customer = $2 AND status IN ($3, $4)";
		assertThat(StatementFilters.indexColumns(sql, "orders", ORDER_COLUMNS))
			.containsExactly("customer", "status", "created_at");
	}

	@Test
	void ignoresOtherTablesAndColumnsTheTableDoesNotHave() {
		String sql = "SELECT * FROM orders o JOIN customers c ON c.id = o.customer WHERE c.region = $1 AND o.status = $2";
		assertThat(StatementFilters.indexColumns(sql, "orders", ORDER_COLUMNS)).containsExactly("status");
		assertThat(StatementFilters.indexColumns(sql, "invoices", ORDER_COLUMNS)).isEmpty();
	}

	@Test
	void aStatementWithoutFiltersSuggestsNothing() {
		assertThat(StatementFilters.indexColumns("SELECT count(*) FROM orders", "orders", ORDER_COLUMNS)).isEmpty();
		assertThat(StatementFilters.indexColumns("SELECT * FROM orders WHERE status <> $1", "orders", ORDER_COLUMNS))
			.isEmpty();
	}

	@Test
	void givesEveryParameterALiteralOrNone() {
		String sql = "SELECT * FROM orders WHERE customer = $1 AND id = ANY ($2) ORDER BY id LIMIT $3 OFFSET $4";
		assertThat(StatementFilters.withLiterals(sql, Map.of("customer", "'7'", "id", "'1'")))
			.isEqualTo("SELECT * FROM orders WHERE customer = '7' AND id = ANY (ARRAY['1']) ORDER BY id LIMIT 20 OFFSET 0");
		assertThat(StatementFilters.withLiterals(sql, Map.of("customer", "'7'"))).isNull();
	}

	@Test
	void readsTheTablesAndAliases() {
		assertThat(StatementFilters.tables("UPDATE orders SET status = $1 WHERE id = $2"))
			.singleElement()
			.satisfies(table -> {
				assertThat(table.name()).isEqualTo("orders");
				assertThat(table.alias()).isNull();
			});
	}

}
