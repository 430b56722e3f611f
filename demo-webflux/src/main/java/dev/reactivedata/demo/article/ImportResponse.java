package dev.reactivedata.demo.article;

import java.util.List;

import dev.reactivedata.core.bulk.ImportReport;

/**
 * The outcome of an article import.
 *
 * @param inserted the number of articles inserted
 * @param rejected the rejected lines, with their 1-based line numbers
 */
public record ImportResponse(long inserted, List<ImportReport.RejectedLine> rejected) {

	static ImportResponse of(ImportReport report) {
		return new ImportResponse(report.inserted(), report.rejected());
	}

}
