package dev.reactivedata.core.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An audited tenant entity of core's test schema ({@code db/core-test}).
 */
@Table("accounts")
@Audited(entityType = "Account")
public class Account {

	@Id
	private @Nullable UUID id;

	private String name;

	private int balance;

	@Version
	private @Nullable Integer version;

	private @Nullable Instant deletedAt;

	public Account(String name, int balance) {
		this.name = name;
		this.balance = balance;
	}

	public @Nullable UUID getId() {
		return this.id;
	}

	public void setId(@Nullable UUID id) {
		this.id = id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public int getBalance() {
		return this.balance;
	}

	public void setBalance(int balance) {
		this.balance = balance;
	}

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	public void setDeletedAt(@Nullable Instant deletedAt) {
		this.deletedAt = deletedAt;
	}

}
