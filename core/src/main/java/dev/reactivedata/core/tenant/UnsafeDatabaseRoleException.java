package dev.reactivedata.core.tenant;

import org.springframework.dao.NonTransientDataAccessResourceException;

/**
 * The application's database role would not be bound by row-level security (superuser, {@code BYPASSRLS},
 * or owner of a protected table), so tenant isolation cannot be guaranteed.
 */
public class UnsafeDatabaseRoleException extends NonTransientDataAccessResourceException {

	/**
	 * Creates the exception.
	 * @param message what is wrong with the role and what to do about it
	 */
	public UnsafeDatabaseRoleException(String message) {
		super(message);
	}

}
