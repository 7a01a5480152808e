/**
 * Every statement of the relay's storage, written once for both databases: `?` placeholders (the
 * PostgreSQL driver numbers them) and `{name}` words (schema.ts DIALECTS).
 */

/** Columns of a delivery joined with its event (the event's dedupe key and type). */
const DELIVERY_COLUMNS =
	'd.id, d.subscription_id, d.sequence, d.event_seq, e.dedupe_key, e.type AS event_type, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.updated_at, d.delivered_at';

const SUBSCRIPTION_COLUMNS = 'id, target_url, event_types, phone_number_id, waba_id, created_at, api_key_id';

/**
 * Subscriptions an API key may see and manage: its own, and those created before subscriptions
 * recorded their key (schema version 2), which every key could always manage.
 */
const OWNED = '(api_key_id = ? OR api_key_id IS NULL)';

/** When a subscription's outbox head can be claimed (NULL when nothing is pending), for `subscriptions` rows. */
const HEAD_DUE = `(SELECT {greatest}(h.next_attempt_at, COALESCE(h.lease_until, 0)) FROM deliveries h
	WHERE h.subscription_id = subscriptions.id AND h.state = 'pending' ORDER BY h.sequence LIMIT 1)`;

export const SQL = {
	// ---- schema versions -------------------------------------------------------------------------
	createVersionTable: 'CREATE TABLE IF NOT EXISTS relay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
	schemaVersion: 'SELECT version FROM relay_schema WHERE id = 1',
	setSchemaVersion: 'INSERT INTO relay_schema (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',

	// ---- events ------------------------------------------------------------------------------------
	insertEvent:
		'INSERT INTO events (dedupe_key, type, waba_id, phone_number_id, received_at, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING seq',
	/** `WHERE …` (or nothing), then `ORDER BY seq DESC LIMIT ?`, are appended. */
	recentEvents: 'SELECT * FROM events',
	recentEventsEnd: ' ORDER BY seq DESC LIMIT ?',
	upsertIdentityHash: `INSERT INTO identity_hashes (phone_number_id, wa_id, identity_key_hash, source, observed_at, dedupe_key, updated_at, user_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
			identity_key_hash = excluded.identity_key_hash, source = excluded.source, observed_at = excluded.observed_at,
			dedupe_key = excluded.dedupe_key, updated_at = excluded.updated_at, user_id = COALESCE(excluded.user_id, identity_hashes.user_id)
		WHERE excluded.observed_at >= identity_hashes.observed_at`,
	/** The hashes stored for a person named by phone number or by BSUID. */
	identityHashesOf: 'SELECT * FROM identity_hashes WHERE phone_number_id = ? AND (wa_id = ? OR user_id = ?)',
	/** The hashes stored under any WhatsApp ID of one BSUID (the person with and without their phone number). */
	identityHashesOfUser: 'SELECT * FROM identity_hashes WHERE phone_number_id = ? AND user_id = ?',

	// ---- subscriptions -----------------------------------------------------------------------------
	insertSubscription: 'INSERT INTO subscriptions (id, target_url, event_types, phone_number_id, waba_id, created_at, api_key_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
	insertRoute: 'INSERT INTO subscription_routes (event_type, phone_number_id, waba_id, subscription_id) VALUES (?, ?, ?, ?)',
	countSubscriptionsOfKey: 'SELECT COUNT(*) AS count FROM subscriptions WHERE api_key_id = ?',
	subscription: `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ?`,
	subscriptions: `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY created_at, id`,
	subscriptionsOfKey: `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE ${OWNED} ORDER BY created_at, id`,
	deleteSubscription: 'DELETE FROM subscriptions WHERE id = ?',
	deleteSubscriptionOfKey: `DELETE FROM subscriptions WHERE id = ? AND ${OWNED}`,
	/** Condition on a subscription id column: one the API key may see (`?` = the key's id). */
	subscriptionOfKey: `IN (SELECT id FROM subscriptions WHERE ${OWNED})`,
	/** The subscriptions an event goes to: its type, its phone number or any (''), its WABA or any. */
	matchingSubscriptions: "SELECT subscription_id FROM subscription_routes WHERE event_type = ? AND phone_number_id IN ('', ?) AND waba_id IN ('', ?)",
	/** Takes `count` sequence numbers of a subscriber's outbox; an empty outbox's new head is due at once. */
	takeSequences: 'UPDATE subscriptions SET last_sequence = last_sequence + ?, next_due_at = COALESCE(next_due_at, ?) WHERE id = ? RETURNING last_sequence',
	/** `insertDeliveriesRow` repeated, comma-separated, after this. */
	insertDeliveries: 'INSERT INTO deliveries (subscription_id, sequence, event_seq, state, attempts, next_attempt_at, created_at, updated_at) VALUES ',
	insertDeliveriesRow: "(?, ?, ?, 'pending', 0, ?, ?, ?)",

	// ---- claiming and recording attempts -------------------------------------------------------------
	/** Due subscriptions in due order, locked for this claim (PostgreSQL); `failing IN (0, 1)` takes both lanes. */
	dueSubscriptions: `SELECT id FROM subscriptions WHERE next_due_at <= ? AND failing IN (?, ?) ORDER BY next_due_at, id LIMIT ? {skipLocked}`,
	dueSubscription: 'SELECT id FROM subscriptions WHERE next_due_at <= ? AND id = ? {skipLocked}',
	outboxHead: "SELECT id FROM deliveries WHERE subscription_id = ? AND state = 'pending' ORDER BY sequence LIMIT 1",
	lease: `UPDATE deliveries SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
		WHERE id = ? AND state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`,
	setDue: 'UPDATE subscriptions SET next_due_at = ? WHERE id = ?',
	/** Recomputes when a subscription's outbox head is due; `failing` as given. */
	refreshDue: `UPDATE subscriptions SET next_due_at = ${HEAD_DUE}, failing = ? WHERE id = ?`,
	refreshDueKeepFailing: `UPDATE subscriptions SET next_due_at = ${HEAD_DUE} WHERE id = ?`,
	refreshAllDue: `UPDATE subscriptions SET next_due_at = ${HEAD_DUE} WHERE next_due_at IS NOT NULL`,
	claimed: `SELECT ${DELIVERY_COLUMNS}, e.seq AS e_seq, e.waba_id AS e_waba_id, e.phone_number_id AS e_phone_number_id, e.received_at AS e_received_at, e.payload AS e_payload,
			s.target_url AS s_target_url, s.event_types AS s_event_types, s.phone_number_id AS s_phone_number_id, s.waba_id AS s_waba_id, s.created_at AS s_created_at, s.api_key_id AS s_api_key_id
		FROM deliveries d JOIN events e ON e.seq = d.event_seq JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id = ?`,
	/**
	 * Locks the subscription of a delivery before the delivery itself (PostgreSQL), the order claims
	 * and fan-out take too, so recording an outcome never deadlocks with a claim.
	 */
	lockSubscriptionOfDelivery: 'SELECT s.id FROM subscriptions s JOIN deliveries d ON d.subscription_id = s.id WHERE d.id = ? {forUpdate}',
	complete: `UPDATE deliveries SET state = 'delivered', delivered_at = ?, updated_at = ?, last_status = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL
		WHERE id = ? AND state = 'pending' RETURNING subscription_id`,
	fail: `UPDATE deliveries SET state = ?, next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
		WHERE id = ? AND state = 'pending' AND lease_owner = ? RETURNING subscription_id`,
	nextDue: 'SELECT MIN(next_due_at) AS due FROM subscriptions',
	/** On start of a SQLite relay: one process owns the file, so leases of a killed predecessor are void. */
	clearLeases: 'UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL',

	// ---- listing, retrying, pruning -------------------------------------------------------------------
	/** `WHERE …` (or nothing), then `ORDER BY d.id DESC LIMIT ?`, are appended. */
	listDeliveries: `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.seq = d.event_seq`,
	listDeliveriesEnd: ' ORDER BY d.id DESC LIMIT ?',
	/** `AND …` conditions are appended, then `RETURNING subscription_id`. */
	retryParked: "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE state = 'parked'",
	pruneDeliveries: "DELETE FROM deliveries WHERE state = 'delivered' AND delivered_at < ?",
	pruneEvents: 'DELETE FROM events WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)',
} as const;
