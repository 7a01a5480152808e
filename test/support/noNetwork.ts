/** Unit tests never reach the network: only loopback (local test servers) is allowed. */
import nock from 'nock';

if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterEach(() => {
	nock.cleanAll();
});

// Each test file gets its own nock module but shares node's http module; unpatch at the end of a
// file so the next file's nock instance is the one intercepting.
afterAll(() => {
	nock.restore();
});
