package dev.reactivedata.core.command;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import dev.reactivedata.core.audit.AuditChainReport;
import dev.reactivedata.core.audit.AuditChainVerifier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code db audit verify [--tenant T]}.
 */
@Command(name = "audit", description = "Checks the audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Callable<Integer> {

	@ParentCommand
	DbCommand db;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.db.output().err());
		return DbCommandLine.USAGE;
	}

	/**
	 * {@code db audit verify [--tenant T]}: walks each tenant's hash chain, exit 1 at the first broken link.
	 */
	@Command(name = "verify", description = "Walks each tenant's audit hash chain (as the schema owner) and reports "
			+ "the first broken link: an entry changed, or removed other than by retention. Exits 1 when one is found.")
	static final class Verify implements Callable<Integer> {

		@ParentCommand
		AuditCommand audit;

		@Option(names = "--tenant", paramLabel = "T", description = "Only this tenant's chain (its id).")
		@Nullable UUID tenant;

		@Override
		public Integer call() {
			Output output = this.audit.db.output();
			AuditChainVerifier verifier = this.audit.db.services().auditChains();
			List<AuditChainReport> reports = (this.tenant != null) ? List.of(verifier.verify(this.tenant).block())
					: verifier.verifyAll().collectList().block();
			boolean intact = reports.stream().allMatch(AuditChainReport::intact);
			if (output.json()) {
				output.json(reports);
				return intact ? DbCommandLine.OK : DbCommandLine.FAILED;
			}
			for (AuditChainReport report : reports) {
				String chain = (report.tenant() != null) ? "tenant " + report.tenant() : "entries without a tenant";
				AuditChainReport.AuditChainBreak broken = report.firstBreak();
				if (broken == null) {
					output.line(chain + ": intact, " + report.entriesChecked() + " entries");
				}
				else {
					output.line(chain + ": BROKEN at entry " + broken.entryId() + " (lane " + broken.lane()
							+ ", position " + broken.position() + "): "
							+ ((broken.kind() == AuditChainReport.Kind.CHANGED_ENTRY) ? "changed after it was written"
									: "entries before it were removed")
							+ "; expected " + broken.expected() + ", found " + broken.found());
				}
			}
			if (reports.isEmpty()) {
				output.line("no audit entries");
			}
			return intact ? DbCommandLine.OK : DbCommandLine.FAILED;
		}

	}

}
