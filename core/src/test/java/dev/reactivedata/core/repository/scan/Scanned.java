package dev.reactivedata.core.repository.scan;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The entity of the scanned repositories; never stored.
 */
@Table("scanned")
public class Scanned {

	@Id
	private @Nullable UUID id;

	private String name;

	public Scanned(String name) {
		this.name = name;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
