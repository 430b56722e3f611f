package dev.reactivedata.core.audit;

/**
 * What a write did to an entity.
 */
public enum AuditAction {

	/** A row was inserted. */
	CREATE,

	/** A row was updated. */
	UPDATE,

	/** A row was deleted (softly, or for good). */
	DELETE,

	/** A soft-deleted row was restored. */
	RESTORE,

	/** Many rows were inserted by one bulk operation. */
	BULK_INSERT,

	/** Many rows were updated by one bulk operation. */
	BULK_UPDATE,

	/** Many rows were deleted by one bulk operation. */
	BULK_DELETE

}
