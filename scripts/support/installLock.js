/**
 * An atomic mkdir lock for on-demand installs into .cache/, so two jest workers (or `npm start`
 * beside `npm test`) never install into the same folder at once. A lock whose owner process is gone
 * is taken over.
 */
const fs = require('node:fs');
const path = require('node:path');

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Takes the lock (true) or reports that a live process holds it (false). */
function tryLock(lockPath) {
	try {
		fs.mkdirSync(lockPath);
	} catch (error) {
		if (error.code !== 'EEXIST') throw error;
		let owner;
		try {
			owner = JSON.parse(fs.readFileSync(path.join(lockPath, 'owner.json'), 'utf8'));
		} catch {
			// The owner may be between mkdir and writing owner.json; judge it by the lock's age.
			if (Date.now() - fs.statSync(lockPath).mtimeMs < 60_000) return false;
		}
		if (owner && isProcessAlive(owner.pid)) return false;
		fs.rmSync(lockPath, { recursive: true, force: true });
		return tryLock(lockPath);
	}
	fs.writeFileSync(path.join(lockPath, 'owner.json'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
	return true;
}

module.exports = { tryLock, isProcessAlive };
