package dev.reactivedata.core.repository;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.reactivedata.core.mapping.SoftDeletable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.r2dbc.repository.query.PartTreeR2dbcQuery;
import org.springframework.data.r2dbc.repository.query.R2dbcQueryMethod;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ValueExpressionDelegate;

/**
 * Creates repositories on {@link DefaultReactiveDataRepository}, handing it the entity callbacks (for bulk
 * auditing) and the cursor codec that Spring Data's reflective instantiation could not. Derived (part-tree) query
 * methods of a {@link SoftDeletable @SoftDeletable} entity read live rows only; its {@code @Query} methods keep
 * their SQL as written, which a log line says once per repository. Read methods may be served by a replica
 * ({@link ReplicaReadsInterceptor}).
 */
final class ReactiveDataRepositoryFactory extends R2dbcRepositoryFactory {

	private static final Log logger = LogFactory.getLog(ReactiveDataRepositoryFactory.class);

	private final R2dbcEntityOperations operations;

	private final ReactiveEntityCallbacks callbacks;

	private final CursorCodec cursors;

	// Per repository interface: whether its @Query methods were reported.
	private final Map<Class<?>, Boolean> reported = new ConcurrentHashMap<>();

	ReactiveDataRepositoryFactory(R2dbcEntityOperations operations, ReactiveEntityCallbacks callbacks, CursorCodec cursors) {
		super(operations);
		this.operations = operations;
		this.callbacks = callbacks;
		this.cursors = cursors;
		ReplicaReadsInterceptor replicaReads = new ReplicaReadsInterceptor();
		addRepositoryProxyPostProcessor((proxy, information) -> proxy.addAdvice(replicaReads));
	}

	@Override
	protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
		return DefaultReactiveDataRepository.class;
	}

	@Override
	protected Object getTargetRepository(RepositoryInformation information) {
		return new DefaultReactiveDataRepository<>(getEntityInformation(information), this.operations,
				this.operations.getConverter(), this.callbacks, this.cursors);
	}

	@Override
	protected Optional<QueryLookupStrategy> getQueryLookupStrategy(QueryLookupStrategy.@Nullable Key key,
			ValueExpressionDelegate delegate) {
		return super.getQueryLookupStrategy(key, delegate).map(strategy -> (method, metadata, projections, named) -> {
			RepositoryQuery query = strategy.resolveQuery(method, metadata, projections, named);
			String softDelete = softDeleteProperty(metadata.getDomainType());
			if (softDelete == null) {
				return query;
			}
			if (query instanceof PartTreeR2dbcQuery) {
				return new PartTreeR2dbcQuery((R2dbcQueryMethod) query.getQueryMethod(), this.operations,
						this.operations.getConverter(),
						new LiveRowsDataAccessStrategy(this.operations.getDataAccessStrategy(), softDelete));
			}
			reportQueryMethods(metadata);
			return query;
		});
	}

	private @Nullable String softDeleteProperty(Class<?> domainType) {
		RelationalPersistentEntity<?> entity = this.operations.getConverter().getMappingContext().getPersistentEntity(domainType);
		SoftDeletable softDeletable = (entity != null) ? entity.findAnnotation(SoftDeletable.class) : null;
		return (softDeletable != null) ? softDeletable.property() : null;
	}

	private void reportQueryMethods(RepositoryMetadata metadata) {
		Class<?> repository = metadata.getRepositoryInterface();
		if (this.reported.putIfAbsent(repository, Boolean.TRUE) != null || !logger.isInfoEnabled()) {
			return;
		}
		String methods = Arrays.stream(repository.getMethods())
			.filter(candidate -> AnnotatedElementUtils.hasAnnotation(candidate, Query.class))
			.map(Method::getName)
			.sorted()
			.collect(Collectors.joining(", "));
		if (!methods.isEmpty()) {
			logger.info(repository.getSimpleName() + ": @Query methods of @SoftDeletable "
					+ metadata.getDomainType().getSimpleName() + " run their SQL as written and return soft-deleted rows "
					+ "unless it excludes them (" + methods + "); derived query methods exclude them");
		}
	}

}
