package dev.reactivedata.core.repository;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactoryBean;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;

/**
 * The repository factory bean that {@link EnableReactiveDataRepositories} registers: builds repositories on the
 * {@link ReactiveDataRepository} base class with the application's entity callbacks and its {@link CursorCodec}
 * bean (a random, process-local codec when there is none).
 *
 * @param <T> the repository type
 * @param <S> the entity type
 * @param <ID> the id type
 */
public class ReactiveDataRepositoryFactoryBean<T extends Repository<S, ID>, S, ID extends Serializable>
		extends R2dbcRepositoryFactoryBean<T, S, ID> {

	private ReactiveEntityCallbacks callbacks = ReactiveEntityCallbacks.create();

	private @Nullable CursorCodec cursors;

	/**
	 * Creates the factory bean.
	 * @param repositoryInterface the repository interface
	 */
	public ReactiveDataRepositoryFactoryBean(Class<? extends T> repositoryInterface) {
		super(repositoryInterface);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
		super.setApplicationContext(applicationContext);
		this.callbacks = ReactiveEntityCallbacks.create(applicationContext);
		this.cursors = applicationContext.getBeanProvider(CursorCodec.class).getIfAvailable();
	}

	@Override
	protected RepositoryFactorySupport getFactoryInstance(R2dbcEntityOperations operations) {
		CursorCodec codec = (this.cursors != null) ? this.cursors : CursorCodec.random();
		return new ReactiveDataRepositoryFactory(operations, this.callbacks, codec);
	}

}
