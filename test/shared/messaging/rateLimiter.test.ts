import { defaultBurst, KeyedRateLimiter, TokenBucket } from '../../../shared/messaging/rateLimiter';
import { VirtualClock } from './support/virtualRuntime';

describe('TokenBucket', () => {
	it('starts full, then hands out one token per 1/rate seconds', () => {
		const bucket = new TokenBucket(10, 2, 0);
		expect([bucket.take(0), bucket.take(0)]).toEqual([0, 0]);
		expect(bucket.take(0)).toBeCloseTo(100);
		expect(bucket.take(40)).toBeCloseTo(60);
		expect(bucket.take(100)).toBe(0);
		expect(bucket.take(100)).toBeCloseTo(100);
	});

	it('never saves up more than the burst', () => {
		const bucket = new TokenBucket(10, 2, 0);
		bucket.take(0);
		bucket.take(0);
		// Ten seconds idle refills only two tokens.
		expect([bucket.take(10_000), bucket.take(10_000)]).toEqual([0, 0]);
		expect(bucket.take(10_000)).toBeCloseTo(100);
	});

	it('pauses until the given time and restarts empty', () => {
		const bucket = new TokenBucket(10, 5, 0);
		bucket.pauseUntil(2_000);
		expect(bucket.take(500)).toBe(1_500);
		expect(bucket.take(2_000)).toBeCloseTo(100);
		expect(bucket.take(2_100)).toBe(0);
	});

	it('refuses a rate or burst that cannot work', () => {
		expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
		expect(() => new TokenBucket(10, 0.5, 0)).toThrow(RangeError);
	});

	it('holds 100 ms worth of tokens by default', () => {
		expect([defaultBurst(1), defaultBurst(20), defaultBurst(80), defaultBurst(1000)]).toEqual([1, 2, 8, 100]);
	});
});

describe('KeyedRateLimiter', () => {
	it('paces each key on its own, first come first served, with one sleeper per key', async () => {
		const clock = new VirtualClock();
		const runtime = clock.runtime({ send: () => Promise.reject(new Error('no HTTP here')) });
		const limiter = new KeyedRateLimiter(runtime, { ratePerSecond: 10, burst: 1 });
		const granted: Array<[string, number, number]> = [];
		const work = Promise.all([
			...Array.from({ length: 5 }, (_, i) => limiter.acquire('A').then(() => granted.push(['A', i, clock.now]))),
			...Array.from({ length: 3 }, (_, i) => limiter.acquire('B').then(() => granted.push(['B', i, clock.now]))),
		]);
		await clock.run(work);
		const times = (key: string) => granted.filter(([k]) => k === key).map(([, order, at]) => [order, Math.round(at)]);
		expect(times('A')).toEqual([[0, 0], [1, 100], [2, 200], [3, 300], [4, 400]]);
		expect(times('B')).toEqual([[0, 0], [1, 100], [2, 200]]);
		// Only the head of each queue sleeps: 4 waits for A and 2 for B, not one per waiting caller per turn.
		expect(clock.sleeps).toHaveLength(6);
	});

	it('lets a pause hold every later caller of that key', async () => {
		const clock = new VirtualClock();
		const limiter = new KeyedRateLimiter(clock.runtime({ send: () => Promise.reject(new Error('unused')) }), { ratePerSecond: 100, burst: 1 });
		const granted: number[] = [];
		await clock.run(limiter.acquire('A'));
		limiter.pauseUntil('A', 5_000);
		await clock.run(Promise.all([limiter.acquire('A'), limiter.acquire('A')].map((turn) => turn.then(() => granted.push(Math.round(clock.now))))));
		expect(granted).toEqual([5_010, 5_020]);
	});
});
