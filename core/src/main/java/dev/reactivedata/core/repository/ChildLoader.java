package dev.reactivedata.core.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.core.internal.EntityModel;
import reactor.core.publisher.Mono;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.repository.query.RelationalEntityInformation;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Loads the live children of many parents in one query per call, grouped by parent id; keeps a
 * {@link QueryRenderer} per child type.
 *
 * @param <T> the parent type
 * @param <ID> the parent's id type
 */
final class ChildLoader<T, ID> {

	private final RelationalEntityInformation<T, ID> information;

	private final DatabaseClient client;

	private final R2dbcConverter converter;

	private final Map<Class<?>, QueryRenderer<?>> childRenderers = new ConcurrentHashMap<>();

	ChildLoader(RelationalEntityInformation<T, ID> information, DatabaseClient client, R2dbcConverter converter) {
		this.information = information;
		this.client = client;
		this.converter = converter;
	}

	@SuppressWarnings("unchecked")
	<C> Mono<Map<ID, List<C>>> load(Collection<? extends T> parents, Class<C> childType, String foreignKeyProperty,
			Sort sort) {
		return Mono.defer(() -> {
			Map<ID, List<C>> children = new LinkedHashMap<>();
			for (T parent : parents) {
				children.put(this.information.getRequiredId(parent), new ArrayList<>());
			}
			if (children.isEmpty()) {
				return Mono.just(children);
			}
			QueryRenderer<C> childRenderer = (QueryRenderer<C>) this.childRenderers.computeIfAbsent(childType,
					type -> new QueryRenderer<>(EntityModel.of(type, this.converter), this.converter));
			EntityModel<C> childModel = childRenderer.model();
			RelationalPersistentProperty foreignKey = childModel.property(foreignKeyProperty)
				.orElseThrow(() -> new InvalidDataAccessApiUsageException(childType.getSimpleName() + " has no property " + foreignKeyProperty));
			List<Criteria> criteria = new ArrayList<>();
			criteria.add(Criteria.where(foreignKeyProperty).in(children.keySet()));
			childModel.softDelete().ifPresent(soft -> criteria.add(Criteria.where(soft.getName()).isNull()));
			return this.client.sql(childRenderer.select(criteria, List.of(), sort, 0, 0))
				.map(childModel.rowReader())
				.all()
				.doOnNext(child -> {
					List<C> siblings = children.get((ID) childModel.accessor(child).getProperty(foreignKey));
					if (siblings != null) {
						siblings.add(child);
					}
				})
				.then(Mono.just(children));
		});
	}

}
