package dev.reactivedata.core.command;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import dev.reactivedata.core.audit.AuditChainAnchorFile;
import dev.reactivedata.core.audit.AuditChainHead;
import dev.reactivedata.core.audit.AuditChainReport;
import dev.reactivedata.core.audit.AuditChainVerifier;
import dev.reactivedata.core.audit.AuditHeadCheck;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code db audit verify [--tenant T] [--anchor FILE]} and {@code db audit heads [--tenant T] [--out FILE]}.
 */
@Command(name = "audit", description = "Checks the audit log.",
		subcommands = { AuditCommand.Verify.class, AuditCommand.Heads.class })
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
	 * {@code db audit verify [--tenant T] [--anchor FILE]}: walks each tenant's hash chain, exit 1 at the first
	 * broken link; with {@code --anchor}, also exit 1 when a lane head recorded by {@code db audit heads} is gone.
	 */
	@Command(name = "verify", description = "Walks each tenant's audit hash chain (as the schema owner) and reports "
			+ "the first broken link: an entry changed, or removed other than by retention. Exits 1 when one is found, or "
			+ "when a lane head recorded in the --anchor file is gone or changed.")
	static final class Verify implements Callable<Integer> {

		@ParentCommand
		AuditCommand audit;

		@Option(names = "--tenant", paramLabel = "T", description = "Only this tenant's chain (its id).")
		@Nullable UUID tenant;

		@Option(names = "--anchor", paramLabel = "FILE", description = "Also check that the lane heads recorded in "
				+ "FILE by 'db audit heads' are still in their chains (entries appended since are fine): detects a "
				+ "lane's newest entries deleted.")
		@Nullable Path anchor;

		@Override
		public Integer call() {
			Output output = this.audit.db.output();
			AuditChainVerifier verifier = this.audit.db.services().auditChains();
			List<AuditHeadCheck> checks = (this.anchor != null) ? checkHeads(verifier, this.anchor) : List.of();
			List<AuditChainReport> reports = (this.tenant != null) ? List.of(verifier.verify(this.tenant).block())
					: verifier.verifyAll().collectList().block();
			boolean intact = reports.stream().allMatch(AuditChainReport::intact)
					&& checks.stream().allMatch(AuditHeadCheck::holds);
			if (output.json()) {
				output.json((this.anchor != null) ? new AnchoredReport(reports, checks) : reports);
				return intact ? DbCommandLine.OK : DbCommandLine.FAILED;
			}
			for (AuditChainReport report : reports) {
				String chain = chain(report.tenant());
				AuditChainReport.AuditChainBreak broken = report.firstBreak();
				if (broken == null) {
					output.line(chain + ": intact, " + report.entriesChecked() + " entries" + unsealed(report));
				}
				else {
					output.line(chain + ": BROKEN at entry " + broken.entryId() + " (lane " + broken.lane()
							+ ", position " + broken.position() + "): "
							+ ((broken.kind() == AuditChainReport.Kind.CHANGED_ENTRY) ? "changed after it was written"
									: "entries before it were removed")
							+ "; expected " + broken.expected() + ", found " + broken.found() + unsealed(report));
				}
			}
			if (reports.isEmpty()) {
				output.line("no audit entries");
			}
			if (this.anchor != null) {
				printHeads(output, checks);
			}
			return intact ? DbCommandLine.OK : DbCommandLine.FAILED;
		}

		private static String unsealed(AuditChainReport report) {
			return (report.entriesUnsealed() > 0)
					? " (" + report.entriesUnsealed() + " more not sealed into the chain yet: the application seals them)" : "";
		}

		/** {@code --format json} with {@code --anchor}: the chains' reports and the anchored heads' checks. */
		private record AnchoredReport(List<AuditChainReport> chains, List<AuditHeadCheck> heads) {
		}

		// The heads of the chains this run verifies; checked before the walk, so an entry appended in between is
		// walked too.
		private List<AuditHeadCheck> checkHeads(AuditChainVerifier verifier, Path file) {
			List<AuditChainHead> heads = AuditChainAnchorFile.read(file)
				.block()
				.stream()
				.filter(head -> this.tenant == null || this.tenant.equals(head.tenant()))
				.toList();
			return verifier.checkHeads(heads).collectList().block();
		}

		private void printHeads(Output output, List<AuditHeadCheck> checks) {
			long held = checks.stream().filter(AuditHeadCheck::holds).count();
			output.line("anchor " + this.anchor + ": " + held + " of " + checks.size() + " lane heads still in their chains");
			for (AuditHeadCheck check : checks) {
				if (!check.holds()) {
					AuditChainHead head = check.head();
					String chain = chain(head.tenant());
					output.line(chain + ", lane " + head.lane() + ": head at position " + head.position() + " "
							+ ((check.outcome() == AuditHeadCheck.Outcome.MISSING)
									? "is gone (the lane's newest entries were deleted)"
									: "changed; expected " + head.hash() + ", found " + check.found()));
				}
			}
		}

	}

	/** Names a tenant's chain in the text output. */
	static String chain(@Nullable UUID tenant) {
		return (tenant != null) ? "tenant " + tenant : "entries without a tenant";
	}

	/**
	 * {@code db audit heads [--tenant T] [--out FILE]}: the newest entry of every lane, as JSON, to keep outside
	 * the database for {@code db audit verify --anchor FILE}.
	 */
	@Command(name = "heads", description = "Prints (or writes to FILE, atomically) the newest entry of every lane of "
			+ "each tenant's audit hash chain as JSON: keep it outside the database and check it later with "
			+ "'db audit verify --anchor FILE'.")
	static final class Heads implements Callable<Integer> {

		@ParentCommand
		AuditCommand audit;

		@Option(names = "--tenant", paramLabel = "T", description = "Only this tenant's lanes (its id).")
		@Nullable UUID tenant;

		@Option(names = "--out", paramLabel = "FILE", description = "Write the JSON to FILE (replaced atomically).")
		@Nullable Path out;

		@Override
		public Integer call() {
			Output output = this.audit.db.output();
			AuditChainVerifier verifier = this.audit.db.services().auditChains();
			List<AuditChainHead> heads = ((this.tenant != null) ? verifier.heads(this.tenant) : verifier.heads())
				.collectList()
				.block();
			if (this.out == null) {
				output.line(AuditChainAnchorFile.toJson(heads));
				return DbCommandLine.OK;
			}
			AuditChainAnchorFile.write(this.out, heads).block();
			if (output.json()) {
				output.json(new Written(this.out.toAbsolutePath().toString(), heads.size()));
			}
			else {
				output.line("wrote " + heads.size() + " lane heads to " + this.out);
			}
			return DbCommandLine.OK;
		}

		/** {@code --format json} with {@code --out}: where the heads went, and how many. */
		private record Written(String file, int heads) {
		}

	}

}
