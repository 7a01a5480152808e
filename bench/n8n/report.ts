/** The table `npm run bench:n8n` prints: one row per n8n build, case and side, medians of the runs. */
import type { RunFigures } from './metrics';
import { SIDE_LABELS, type BenchCase, type Side } from './workflows';

export interface ReportRow {
	n8nVersion: string;
	benchCase: BenchCase;
	side: Side;
	runs: number;
	median: RunFigures;
}

const HEADERS = ['n8n', 'cap/s', 'messages', 'side', 'runs', 'rate/cap', 'CPU ms/msg', '130429s', 'lost', 'dup', 'first msg ms', '10% read ms', 'node s', 'node error'];

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

export function reportLines(rows: readonly ReportRow[]): string[] {
	const cells = rows.map((row) => [
		row.n8nVersion,
		String(row.benchCase.cap),
		String(row.benchCase.items),
		SIDE_LABELS[row.side],
		String(row.runs),
		fixed(row.median.rateOverCap, 3),
		fixed(row.median.cpuMsPerMessage, 3),
		fixed(row.median.throughputErrors, 0),
		fixed(row.median.lost, 0),
		fixed(row.median.duplicated, 0),
		fixed(row.median.firstMessageMs, 0),
		fixed(row.median.tenthReadMs, 0),
		fixed(row.median.nodeMs / 1000, 1),
		// The first words say which error; the run lines above have it whole.
		(row.median.nodeError ?? '').slice(0, 48),
	]);
	const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((row) => row[column].length)));
	const line = (values: string[]): string => `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
	return [line(HEADERS), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)];
}
