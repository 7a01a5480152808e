/** The default pace of a number: 80/s, 1,000/s once upgraded, and a fixed 20/s for a coexistence number. */
import { COEXISTENCE_MESSAGES_PER_SECOND, defaultSendRate, PHONE_NUMBER_SAMPLE, sendRateFor } from '../../../../shared';

const ordinary = { ...PHONE_NUMBER_SAMPLE, coexistence: false };
const upgraded = { ...ordinary, throughputLevel: 'HIGH' };
const coexistence = { ...ordinary, coexistence: true };

describe('defaultSendRate', () => {
	it('follows what Meta reports for the number', () => {
		expect(COEXISTENCE_MESSAGES_PER_SECOND).toBe(20);
		expect(defaultSendRate(ordinary)).toBe(80);
		expect(defaultSendRate({ ...ordinary, throughputLevel: null, coexistence: null })).toBe(80);
		expect(defaultSendRate({ ...ordinary, throughputLevel: 'NOT_APPLICABLE' })).toBe(80);
		expect(defaultSendRate(upgraded)).toBe(1000);
		expect(defaultSendRate({ ...upgraded, throughputLevel: 'high' })).toBe(1000);
	});

	it('is 20 for a coexistence number whatever level Meta reports', () => {
		expect(defaultSendRate(coexistence)).toBe(20);
		expect(defaultSendRate({ ...coexistence, throughputLevel: 'HIGH' })).toBe(20);
	});
});

describe('sendRateFor', () => {
	it('keeps a configured rate for an ordinary number and falls back to the default without one', () => {
		expect(sendRateFor(ordinary, 50)).toBe(50);
		expect(sendRateFor(upgraded, 500)).toBe(500);
		expect(sendRateFor(upgraded)).toBe(1000);
		expect(sendRateFor(ordinary, Number.NaN)).toBe(80);
		expect(sendRateFor(ordinary, 0)).toBe(80);
	});

	it('never goes above 20 for a coexistence number, whatever tier is configured; a lower rate stays', () => {
		expect(sendRateFor(coexistence)).toBe(20);
		expect(sendRateFor(coexistence, 80)).toBe(20);
		expect(sendRateFor({ ...coexistence, throughputLevel: 'HIGH' }, 1000)).toBe(20);
		expect(sendRateFor(coexistence, 5)).toBe(5);
	});
});
