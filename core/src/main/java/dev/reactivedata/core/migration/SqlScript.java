package dev.reactivedata.core.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PostgreSQL script into statements, keeping the line each one starts on. Semicolons inside quotes,
 * quoted identifiers, dollar-quoted bodies and comments do not end a statement.
 */
final class SqlScript {

	private SqlScript() {
	}

	static List<Statement> split(String script) {
		List<Statement> statements = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int line = 1;
		int startLine = -1;
		int i = 0;
		int length = script.length();
		while (i < length) {
			char c = script.charAt(i);
			if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
				int end = script.indexOf('\n', i);
				i = (end < 0) ? length : end;
				continue;
			}
			if (c == '/' && i + 1 < length && script.charAt(i + 1) == '*') {
				int end = script.indexOf("*/", i + 2);
				int stop = (end < 0) ? length : end + 2;
				line += count(script, i, stop);
				i = stop;
				continue;
			}
			if (c == ';') {
				add(statements, current, startLine);
				current.setLength(0);
				startLine = -1;
				i++;
				continue;
			}
			if (!Character.isWhitespace(c) && startLine < 0) {
				startLine = line;
			}
			int stop = i + 1;
			if (c == '\'' || c == '"') {
				stop = closing(script, i + 1, c);
			}
			else if (c == '$') {
				String tag = dollarTag(script, i);
				if (tag != null) {
					int end = script.indexOf(tag, i + tag.length());
					stop = (end < 0) ? length : end + tag.length();
				}
			}
			current.append(script, i, stop);
			line += count(script, i, stop);
			i = stop;
		}
		add(statements, current, startLine);
		return statements;
	}

	private static void add(List<Statement> statements, StringBuilder text, int line) {
		String sql = text.toString().strip();
		if (!sql.isEmpty()) {
			statements.add(new Statement(line, sql));
		}
	}

	private static int closing(String script, int from, char quote) {
		int i = from;
		while (i < script.length()) {
			if (script.charAt(i) == quote) {
				if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return script.length();
	}

	private static String dollarTag(String script, int at) {
		int i = at + 1;
		while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
			i++;
		}
		if (i < script.length() && script.charAt(i) == '$'
				&& (i == at + 1 || !Character.isDigit(script.charAt(at + 1)))) {
			return script.substring(at, i + 1);
		}
		return null;
	}

	private static int count(String script, int from, int to) {
		int lines = 0;
		for (int i = from; i < to; i++) {
			if (script.charAt(i) == '\n') {
				lines++;
			}
		}
		return lines;
	}

	/**
	 * One statement of a script.
	 * @param line the line it starts on, from 1
	 * @param sql its text, without the terminating semicolon and outer comments
	 */
	record Statement(int line, String sql) {
	}

}
