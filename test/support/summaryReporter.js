/** Prints the closing line CI reads: `N passed, N failed` (plus skipped when any). */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failedSuites = results.numRuntimeErrorTestSuites;
		// A suite that crashed before running counts as a failure, so the line can never hide it.
		const failed = results.numFailedTests + failedSuites;
		process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
	}
}
module.exports = SummaryReporter;
