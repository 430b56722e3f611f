package dev.reactivedata.monitoring.alert;

import java.time.Instant;

/**
 * An alert that is currently raised.
 *
 * @param name the rule's name, such as {@code pool-saturation}
 * @param severity {@code warning} or {@code critical}
 * @param message a plain-language description with the current value
 * @param value the value that broke the rule
 * @param threshold the rule's threshold
 * @param since when the alert was raised
 */
public record Alert(String name, String severity, String message, double value, double threshold, Instant since) {
}
