package dev.reactivedata.monitoring.query;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryShapesUnitTests {

	@Test
	void literalsAndBindMarkersBecomePlaceholders() {
		assertThat(QueryShapes.normalize("SELECT * FROM t WHERE a = 'x''y' AND b = 42 AND c = $1 AND d = :name"))
			.isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?");
	}

	@Test
	void valueListsCollapse() {
		assertThat(QueryShapes.normalize("SELECT * FROM t WHERE id IN ($1, $2, $3)"))
			.isEqualTo(QueryShapes.normalize("SELECT * FROM t WHERE id IN ($1, $2)"))
			.isEqualTo("SELECT * FROM t WHERE id IN (?, ...)");
		assertThat(QueryShapes.normalize("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"))
			.isEqualTo(QueryShapes.normalize("INSERT INTO t (a, b) VALUES ($1, $2)"));
	}

	@Test
	void commentsWhitespaceAndDollarQuotesAreDropped() {
		assertThat(QueryShapes.normalize("SELECT  a -- comment\n FROM /* x */ t WHERE b = $tag$it's$tag$"))
			.isEqualTo("SELECT a FROM t WHERE b = ?");
	}

	@Test
	void identifiersWithDigitsCastsAndQuotedNamesSurvive() {
		assertThat(QueryShapes.normalize("SELECT t1.col2::text, \"Weird 1\" FROM t1 LIMIT 20"))
			.isEqualTo("SELECT t1.col2::text, \"Weird 1\" FROM t1 LIMIT ?");
	}

	@Test
	void sameShapeSameIdAndOperation() {
		QueryShapes shapes = new QueryShapes(10);
		QueryShape first = shapes.shapeOf(List.of("SELECT * FROM t WHERE id = 1"));
		QueryShape second = shapes.shapeOf(List.of("SELECT * FROM t WHERE id = 2"));
		assertThat(first).isSameAs(second);
		assertThat(first.id()).hasSize(12);
		assertThat(first.operation()).isEqualTo("select");
		assertThat(first.sql()).doesNotContain("1");
	}

	@Test
	void shapesAreBounded() {
		QueryShapes shapes = new QueryShapes(2);
		shapes.shapeOf(List.of("SELECT a FROM t"));
		shapes.shapeOf(List.of("SELECT b FROM t"));
		assertThat(shapes.shapeOf(List.of("SELECT c FROM t"))).isSameAs(QueryShape.OTHER);
		assertThat(shapes.size()).isEqualTo(2);
	}

	@Test
	void dmlWithoutReturningCountsUpdatedRows() {
		QueryShapes shapes = new QueryShapes(10);
		assertThat(shapes.shapeOf(List.of("UPDATE t SET a = $1")).countsUpdatedRows()).isTrue();
		assertThat(shapes.shapeOf(List.of("INSERT INTO t (a) VALUES ($1) RETURNING id")).countsUpdatedRows()).isFalse();
		assertThat(shapes.shapeOf(List.of("SELECT count(*) FROM t")).countsUpdatedRows()).isFalse();
	}

}
