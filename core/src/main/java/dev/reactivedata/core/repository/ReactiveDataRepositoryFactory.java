package dev.reactivedata.core.repository;

import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;

/**
 * Creates repositories on {@link DefaultReactiveDataRepository}, handing it the entity callbacks (for bulk
 * auditing) and the cursor codec that Spring Data's reflective instantiation could not.
 */
final class ReactiveDataRepositoryFactory extends R2dbcRepositoryFactory {

	private final R2dbcEntityOperations operations;

	private final ReactiveEntityCallbacks callbacks;

	private final CursorCodec cursors;

	ReactiveDataRepositoryFactory(R2dbcEntityOperations operations, ReactiveEntityCallbacks callbacks, CursorCodec cursors) {
		super(operations);
		this.operations = operations;
		this.callbacks = callbacks;
		this.cursors = cursors;
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

}
