package dev.reactivedata.core.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Verifies that the role the application connects as is bound by row-level security. PostgreSQL lets
 * superusers, roles with {@code BYPASSRLS} and the owners of a table skip its policies, so an application
 * connected as such a role would see every tenant's rows; this check refuses that before any request runs.
 */
public final class RowLevelSecurityRoleCheck {

	private static final String ROLE_SQL = """
			SELECT current_user AS role_name, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls,
			       (SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY c.oid::regclass::text)
			          FROM pg_class c
			         WHERE c.relrowsecurity AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned_tables,
			       (SELECT count(*) FROM pg_class c WHERE c.relrowsecurity) AS protected_tables
			  FROM pg_roles r
			 WHERE r.rolname = current_user""";

	private final ConnectionFactory connectionFactory;

	/**
	 * Creates a check that inspects the role of connections from {@code connectionFactory}.
	 * @param connectionFactory the factory the application uses
	 */
	public RowLevelSecurityRoleCheck(ConnectionFactory connectionFactory) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
	}

	/**
	 * Completes empty when the connecting role is bound by row-level security (or when no table in the
	 * database has row-level security enabled, so there is nothing to protect); otherwise emits an
	 * {@link UnsafeDatabaseRoleException} that says which property of the role is the problem and what to do.
	 * @return completion, or the error
	 */
	public Mono<Void> verify() {
		return Mono.usingWhen(this.connectionFactory.create(),
				connection -> Flux.from(connection.createStatement(ROLE_SQL).execute())
					.concatMap(result -> result.map((row, metadata) -> new RoleFacts(
							Objects.requireNonNull(row.get("role_name", String.class)),
							Boolean.TRUE.equals(row.get("superuser", Boolean.class)),
							Boolean.TRUE.equals(row.get("bypass_rls", Boolean.class)),
							row.get("owned_tables", String.class),
							Objects.requireNonNull(row.get("protected_tables", Long.class)))))
					.single(),
				connection -> connection.close())
			.flatMap(RowLevelSecurityRoleCheck::judge);
	}

	private static Mono<Void> judge(RoleFacts facts) {
		if (facts.protectedTables() == 0) {
			return Mono.empty();
		}
		List<String> problems = new ArrayList<>();
		if (facts.superuser()) {
			problems.add("it is a superuser");
		}
		if (facts.bypassRls()) {
			problems.add("it has BYPASSRLS");
		}
		if (facts.ownedTables() != null) {
			problems.add("it owns the row-level-security tables " + facts.ownedTables());
		}
		if (problems.isEmpty()) {
			return Mono.empty();
		}
		return Mono.error(new UnsafeDatabaseRoleException("The application connects to PostgreSQL as role '"
				+ facts.roleName() + "', which row-level security does not bind: " + String.join(", ", problems)
				+ ". Tenants would see each other's rows. Connect as a role with NOSUPERUSER NOBYPASSRLS that owns "
				+ "no table and has only DML grants (the demo's migrations create 'rdl_app'), and run migrations as "
				+ "the owner (spring.flyway.user)."));
	}

	private record RoleFacts(String roleName, boolean superuser, boolean bypassRls, @Nullable String ownedTables,
			long protectedTables) {
	}

}
