package dev.reactivedata.core.repository;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A write carried a {@code @Version} that the row no longer has: someone else changed (or deleted) it since it
 * was read. Web layers answer it with 409.
 */
public class VersionConflictException extends OptimisticLockingFailureException {

	private final Class<?> entityType;

	private final @Nullable Object id;

	private final @Nullable Object version;

	/**
	 * Creates the exception.
	 * @param entityType the entity type
	 * @param id the id of the entity written
	 * @param version the version the write expected
	 * @param cause the exception Spring Data raised
	 */
	public VersionConflictException(Class<?> entityType, @Nullable Object id, @Nullable Object version,
			@Nullable Throwable cause) {
		super(entityType.getSimpleName() + " " + id + " is no longer at version " + version, cause);
		this.entityType = entityType;
		this.id = id;
		this.version = version;
	}

	/** @return the entity type */
	public Class<?> getEntityType() {
		return this.entityType;
	}

	/** @return the id of the entity written */
	public @Nullable Object getId() {
		return this.id;
	}

	/** @return the version the write expected */
	public @Nullable Object getVersion() {
		return this.version;
	}

}
