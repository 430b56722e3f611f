package dev.reactivedata.demo.web;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes Hibernate Validator load its message bundles at start-up. It reads them from the jar the first time
 * a constraint fails, which would otherwise be a blocking file read on an event-loop thread (BlockHound
 * reports it) during the first invalid request.
 */
@Component
class ValidationMessagesPreloader implements SmartInitializingSingleton {

	private final Validator validator;

	ValidationMessagesPreloader(Validator validator) {
		this.validator = validator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.validator.validate(new Probe(""));
	}

	private record Probe(@NotBlank String value) {
	}

}
