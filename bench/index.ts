/**
 * `npm run bench`: every figure is a ratio or a rate measured side by side in this one run, so a
 * slow or busy machine moves both sides of a ratio together. No timing is asserted in tests.
 */
import { benchRelay } from './relay';
import { benchRateDiscovery, formatRateDiscoveryBench, rateDiscoveryOk } from './rateDiscovery';
import { benchRelayFanOut, FAN_OUT_REQUIRED_RATIO, formatFanOutBench } from './relayFanOut';
import { benchSendMessages } from './sendMessages';
import { benchWebhooks } from './webhooks';

async function main(): Promise<void> {
	const lines: string[] = [];
	let failed = false;

	const send = await benchSendMessages();
	const sendOk = send.ratio >= 0.9 && send.lost === 0 && send.duplicated === 0;
	failed ||= !sendOk;
	lines.push(
		`sendMessages: 2,000 messages at a limit of ${send.limit}/s against a server answering after 100 ms: achieved ${send.achievedPerSecond.toFixed(0)}/s, ratio ${send.ratio.toFixed(3)} (target >= 0.9), lost ${send.lost}, duplicated ${send.duplicated} ${sendOk ? 'OK' : 'BELOW TARGET'}`,
	);

	const discovery = await benchRateDiscovery();
	failed ||= !rateDiscoveryOk(discovery);
	lines.push(formatRateDiscoveryBench(discovery));

	const hooks = await benchWebhooks();
	const hooksOk = hooks.ratio >= 0.5;
	failed ||= !hooksOk;
	lines.push(
		`webhooks: verify + parse of a 50-change batch: ${hooks.eventsPerSecond.toFixed(0)} events/s vs bare HMAC + JSON.parse ${hooks.baselineEventsPerSecond.toFixed(0)} events/s, ratio ${hooks.ratio.toFixed(3)} (target >= 0.5) ${hooksOk ? 'OK' : 'BELOW TARGET'}`,
	);

	const relay = await benchRelay();
	lines.push(`relay (SQLite): sustained ${relay.eventsPerSecond.toFixed(0)} events/s from Meta to subscriber, p99 latency ${relay.p99Ms.toFixed(1)} ms`);

	const fanOut = await benchRelayFanOut();
	failed ||= fanOut.ratio > FAN_OUT_REQUIRED_RATIO;
	lines.push(formatFanOutBench(fanOut));
	lines.push('n8n side by side (our Send Message vs the HTTP Request node in a real n8n 2.8.4 and 2.41.1): npm run bench:n8n (separate: it needs real n8n, installed on first use)');

	process.stdout.write(`${lines.join('\n')}\n`);
	if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
