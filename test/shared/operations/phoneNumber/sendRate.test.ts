/** The default pace of a number: 80/s, 1,000/s once upgraded, and a fixed 20/s for a coexistence number. */
import nock from 'nock';
import { COEXISTENCE_MESSAGES_PER_SECOND, defaultSendRate, PHONE_NUMBER_SAMPLE, readDefaultSendRate, runOperation, sendRateFor } from '../../../../shared';
import { GRAPH, PHONE_ID, testClient, TOKEN, VERSION } from '../../../support/core';

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

describe('readDefaultSendRate', () => {
	const api = () => nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

	it.each([
		[{ throughput: { level: 'STANDARD' }, is_on_biz_app: false }, 80],
		[{ throughput: { level: 'HIGH' }, is_on_biz_app: false }, 1000],
		[{ throughput: { level: 'STANDARD' }, is_on_biz_app: true }, 20],
	])('reads throughput and is_on_biz_app once: %j → %i per second', async (answer, rate) => {
		const { client } = testClient();
		const scope = api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: 'id,throughput,is_on_biz_app' }).once().reply(200, { id: PHONE_ID, ...answer });
		expect(await readDefaultSendRate(client, PHONE_ID)).toBe(rate);
		scope.done();
	});

	it('leaves the coexistence flag with the client: a later register on that number is refused without another read', async () => {
		const { client } = testClient();
		api().get(`/${VERSION}/${PHONE_ID}`).query({ fields: 'id,throughput,is_on_biz_app' }).once().reply(200, { id: PHONE_ID, is_on_biz_app: true });
		const counted = api().post(`/${VERSION}/${PHONE_ID}/register`).reply(200, { success: true });
		await readDefaultSendRate(client, PHONE_ID);
		await expect(runOperation('registerPhoneNumber', client, { phoneNumberId: PHONE_ID, pin: '482913' })).rejects.toMatchObject({ operation: 'registerPhoneNumber', alreadyDone: true });
		expect(counted.isDone()).toBe(false);
		expect(nock.pendingMocks()).toHaveLength(1);
	});
});
