package dev.reactivedata.core.command;

import java.io.PrintWriter;

/**
 * Where and how a command prints: text or JSON, on a terminal or not.
 * @param out the standard output
 * @param err the standard error
 * @param json whether {@code --format json} was asked for
 * @param terminal whether the output is an interactive terminal (progress bars)
 */
record Output(PrintWriter out, PrintWriter err, boolean json, boolean terminal) {

	void json(Object report) {
		this.out.println(JsonWriter.write(report));
		this.out.flush();
	}

	void line(String text) {
		this.out.println(text);
		this.out.flush();
	}

	void problem(String text) {
		this.err.println(text);
		this.err.flush();
	}

}
