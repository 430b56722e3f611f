package dev.reactivedata.core.command;

/**
 * A command refused to run; the message is one line for the operator and the exit code is 1.
 */
final class CommandException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CommandException(String message) {
		super(message);
	}

}
