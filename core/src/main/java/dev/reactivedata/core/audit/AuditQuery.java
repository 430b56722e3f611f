package dev.reactivedata.core.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Filters and paging of {@link AuditLog#find(AuditQuery)}: every filter is optional, entries come newest first.
 * Immutable; build with {@link #builder()}. Values are always bound as parameters, never concatenated into SQL.
 */
public final class AuditQuery {

	/** The largest page size. */
	public static final int MAX_SIZE = 1000;

	private final @Nullable String entityType;

	private final @Nullable String entityId;

	private final @Nullable AuditAction action;

	private final @Nullable String actor;

	private final @Nullable String correlationId;

	private final @Nullable Instant occurredAfter;

	private final @Nullable Instant occurredBefore;

	private final int page;

	private final int size;

	private AuditQuery(Builder builder) {
		this.entityType = builder.entityType;
		this.entityId = builder.entityId;
		this.action = builder.action;
		this.actor = builder.actor;
		this.correlationId = builder.correlationId;
		this.occurredAfter = builder.occurredAfter;
		this.occurredBefore = builder.occurredBefore;
		this.page = builder.page;
		this.size = builder.size;
	}

	/**
	 * Starts a builder: no filter, page 0, size 20.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the entity type filter, or {@code null} */
	public @Nullable String entityType() {
		return this.entityType;
	}

	/** @return the entity id filter, or {@code null} */
	public @Nullable String entityId() {
		return this.entityId;
	}

	/** @return the action filter, or {@code null} */
	public @Nullable AuditAction action() {
		return this.action;
	}

	/** @return the actor filter, or {@code null} */
	public @Nullable String actor() {
		return this.actor;
	}

	/** @return the correlation id filter, or {@code null} */
	public @Nullable String correlationId() {
		return this.correlationId;
	}

	/** @return entries at or after this instant only, or {@code null} */
	public @Nullable Instant occurredAfter() {
		return this.occurredAfter;
	}

	/** @return entries before this instant only, or {@code null} */
	public @Nullable Instant occurredBefore() {
		return this.occurredBefore;
	}

	/** @return the page number, from 0 */
	public int page() {
		return this.page;
	}

	/** @return the page size, 1 to {@value #MAX_SIZE} */
	public int size() {
		return this.size;
	}

	/**
	 * Builds an {@link AuditQuery}; setters validate eagerly.
	 */
	public static final class Builder {

		private @Nullable String entityType;

		private @Nullable String entityId;

		private @Nullable AuditAction action;

		private @Nullable String actor;

		private @Nullable String correlationId;

		private @Nullable Instant occurredAfter;

		private @Nullable Instant occurredBefore;

		private int page;

		private int size = 20;

		private Builder() {
		}

		/**
		 * @param entityType only entries of this entity type; {@code null} for all
		 * @return this builder
		 */
		public Builder entityType(@Nullable String entityType) {
			this.entityType = entityType;
			return this;
		}

		/**
		 * @param entityId only entries of this entity id; {@code null} for all
		 * @return this builder
		 */
		public Builder entityId(@Nullable String entityId) {
			this.entityId = entityId;
			return this;
		}

		/**
		 * @param action only entries of this action; {@code null} for all
		 * @return this builder
		 */
		public Builder action(@Nullable AuditAction action) {
			this.action = action;
			return this;
		}

		/**
		 * @param actor only entries written by this actor; {@code null} for all
		 * @return this builder
		 */
		public Builder actor(@Nullable String actor) {
			this.actor = actor;
			return this;
		}

		/**
		 * @param correlationId only entries of this correlation id; {@code null} for all
		 * @return this builder
		 */
		public Builder correlationId(@Nullable String correlationId) {
			this.correlationId = correlationId;
			return this;
		}

		/**
		 * @param occurredAfter only entries at or after this instant; {@code null} for no bound
		 * @return this builder
		 */
		public Builder occurredAfter(@Nullable Instant occurredAfter) {
			this.occurredAfter = occurredAfter;
			return this;
		}

		/**
		 * @param occurredBefore only entries before this instant; {@code null} for no bound
		 * @return this builder
		 */
		public Builder occurredBefore(@Nullable Instant occurredBefore) {
			this.occurredBefore = occurredBefore;
			return this;
		}

		/**
		 * @param page the page number, 0 or more
		 * @return this builder
		 */
		public Builder page(int page) {
			if (page < 0) {
				throw new IllegalArgumentException("page must not be negative, was " + page);
			}
			this.page = page;
			return this;
		}

		/**
		 * @param size the page size, 1 to {@value #MAX_SIZE}
		 * @return this builder
		 */
		public Builder size(int size) {
			if (size < 1 || size > MAX_SIZE) {
				throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
			}
			this.size = size;
			return this;
		}

		/**
		 * @return the query
		 */
		public AuditQuery build() {
			return new AuditQuery(this);
		}

	}

}
