/**
 * The {@code db} command line (DESIGN §11) that every Spring Boot application with the core library runs as
 * {@code java -jar app.jar db <command>}: picocli commands that parse and print, over the operations of
 * {@code core.migration}, {@code core.seed} and {@code core.retention}.
 */
@NullMarked
package dev.reactivedata.core.command;

import org.jspecify.annotations.NullMarked;
