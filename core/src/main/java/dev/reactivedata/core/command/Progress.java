package dev.reactivedata.core.command;

import java.io.PrintWriter;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows the progress of long work: a progress bar on a terminal, plain lines (at most one per tenth of the
 * work) otherwise, nothing for {@code --format json}.
 */
final class Progress implements AutoCloseable {

	private final String task;

	private final PrintWriter out;

	private final @Nullable ProgressBar bar;

	private final boolean lines;

	private long total;

	private long done;

	private long lastPrinted = -1;

	private Progress(String task, PrintWriter out, @Nullable ProgressBar bar, boolean lines) {
		this.task = task;
		this.out = out;
		this.bar = bar;
		this.lines = lines;
	}

	static Progress start(String task, Output output) {
		if (output.json()) {
			return new Progress(task, output.out(), null, false);
		}
		if (output.terminal()) {
			ProgressBar bar = new ProgressBarBuilder().setTaskName(task)
				.setStyle(ProgressBarStyle.ASCII)
				.setInitialMax(-1)
				.setUpdateIntervalMillis(200)
				.showSpeed()
				.build();
			return new Progress(task, output.out(), bar, false);
		}
		return new Progress(task, output.out(), null, true);
	}

	synchronized void update(long done, long total) {
		this.done = done;
		this.total = total;
		if (this.bar != null) {
			this.bar.maxHint(total);
			this.bar.stepTo(done);
		}
		else if (this.lines) {
			long tenth = Math.max(1, total / 10);
			if (this.lastPrinted < 0 || done - this.lastPrinted >= tenth || done >= total) {
				this.lastPrinted = done;
				this.out.println(this.task + ": " + done + "/" + total);
				this.out.flush();
			}
		}
	}

	/**
	 * Reports progress of work whose total is unknown (a spinner on a terminal, a line per call otherwise).
	 */
	synchronized void update(String detail, long done) {
		this.done = done;
		if (this.bar != null) {
			this.bar.setExtraMessage(detail);
			this.bar.stepTo(done);
		}
		else if (this.lines) {
			this.lastPrinted = done;
			this.out.println(this.task + ": " + detail + " " + done);
			this.out.flush();
		}
	}

	@Override
	public synchronized void close() {
		if (this.bar != null) {
			this.bar.close();
		}
		else if (this.lines && this.done != this.lastPrinted && this.total > 0) {
			this.out.println(this.task + ": " + this.done + "/" + this.total);
		}
	}

}
