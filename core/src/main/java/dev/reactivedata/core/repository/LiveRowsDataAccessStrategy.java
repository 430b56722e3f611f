package dev.reactivedata.core.repository;

import java.util.List;
import java.util.function.BiFunction;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.ReadableMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;

import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.ReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.CriteriaDefinition;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.render.RenderContext;
import org.springframework.data.relational.domain.RowDocument;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.PreparedOperation;

/**
 * The data access strategy handed to the derived (part-tree) queries of a {@code @SoftDeletable} entity: every
 * {@code SELECT} they render (find, count, exists) also requires the soft-delete property to be {@code null}, in
 * a group of its own so that the method's {@code Or} conditions cannot escape it. Everything else is the
 * repository factory's strategy.
 */
final class LiveRowsDataAccessStrategy implements ReactiveDataAccessStrategy {

	private final ReactiveDataAccessStrategy delegate;

	private final StatementMapper mapper;

	LiveRowsDataAccessStrategy(ReactiveDataAccessStrategy delegate, String softDeleteProperty) {
		this.delegate = delegate;
		this.mapper = new LiveRowsStatementMapper(delegate.getStatementMapper(), softDeleteProperty);
	}

	@Override
	public StatementMapper getStatementMapper() {
		return this.mapper;
	}

	@Override
	public List<SqlIdentifier> getAllColumns(Class<?> entityType) {
		return this.delegate.getAllColumns(entityType);
	}

	@Override
	public List<SqlIdentifier> getIdentifierColumns(Class<?> entityType) {
		return this.delegate.getIdentifierColumns(entityType);
	}

	@Override
	public OutboundRow getOutboundRow(Object object) {
		return this.delegate.getOutboundRow(object);
	}

	@Override
	public Parameter getBindValue(Parameter value) {
		return this.delegate.getBindValue(value);
	}

	@Override
	public <T> BiFunction<Row, RowMetadata, T> getRowMapper(Class<T> typeToRead) {
		return this.delegate.getRowMapper(typeToRead);
	}

	@Override
	public RowDocument toRowDocument(Class<?> type, Readable row, Iterable<? extends ReadableMetadata> metadata) {
		return this.delegate.toRowDocument(type, row, metadata);
	}

	@Override
	public SqlIdentifier getTableName(Class<?> type) {
		return this.delegate.getTableName(type);
	}

	@Override
	public PreparedOperation<?> processNamedParameters(String query, NamedParameterProvider parameterProvider) {
		return this.delegate.processNamedParameters(query, parameterProvider);
	}

	@Override
	public R2dbcConverter getConverter() {
		return this.delegate.getConverter();
	}

	@Override
	public String toSql(SqlIdentifier identifier) {
		return this.delegate.toSql(identifier);
	}

	@Override
	public String renderForGeneratedValues(SqlIdentifier identifier) {
		return this.delegate.renderForGeneratedValues(identifier);
	}

	@Override
	public Dialect getDialect() {
		return this.delegate.getDialect();
	}

	/**
	 * Adds the live-rows condition to every mapped {@code SELECT}, for typed mappers too (the query creator maps
	 * through {@link #forType(Class)}).
	 */
	private static final class LiveRowsStatementMapper implements StatementMapper.TypedStatementMapper<Object> {

		private final StatementMapper delegate;

		private final String softDeleteProperty;

		LiveRowsStatementMapper(StatementMapper delegate, String softDeleteProperty) {
			this.delegate = delegate;
			this.softDeleteProperty = softDeleteProperty;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> TypedStatementMapper<T> forType(Class<T> type) {
			return (TypedStatementMapper<T>) (TypedStatementMapper<?>) new LiveRowsStatementMapper(this.delegate.forType(type),
					this.softDeleteProperty);
		}

		@Override
		public PreparedOperation<?> getMappedObject(SelectSpec selectSpec) {
			CriteriaDefinition criteria = selectSpec.getCriteria();
			Criteria live = Criteria.where(this.softDeleteProperty).isNull();
			return this.delegate.getMappedObject(selectSpec.withCriteria(criteria.isEmpty() ? live : live.and(criteria)));
		}

		@Override
		public PreparedOperation<?> getMappedObject(InsertSpec insertSpec) {
			return this.delegate.getMappedObject(insertSpec);
		}

		@Override
		public PreparedOperation<?> getMappedObject(UpdateSpec updateSpec) {
			return this.delegate.getMappedObject(updateSpec);
		}

		@Override
		public PreparedOperation<?> getMappedObject(DeleteSpec deleteSpec) {
			return this.delegate.getMappedObject(deleteSpec);
		}

		@Override
		public PreparedOperation<?> getMappedObject(UpsertSpec upsertSpec) {
			return this.delegate.getMappedObject(upsertSpec);
		}

		@Override
		public RenderContext getRenderContext() {
			return this.delegate.getRenderContext();
		}

	}

}
