/**
 * The relay's schema and the few words in which its two databases differ, one definition for
 * both: column types, the larger-of-two function, row locking and JSON arrays. Statements
 * (statements.ts) are written once with `?` placeholders and `{name}` words from DIALECTS.
 */

export type SqlDialect = 'sqlite' | 'postgres';

/** The words a statement may use as `{name}`, per database. */
export const DIALECTS: Record<SqlDialect, Record<string, string>> = {
	sqlite: {
		serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
		bigint: 'INTEGER',
		greatest: 'MAX',
		// SQLite has one writer at a time (BEGIN IMMEDIATE): nothing to lock or skip.
		skipLocked: '',
		forUpdate: '',
		jsonArrayOf: 'json_each',
		jsonArrayCast: '',
	},
	postgres: {
		serialKey: 'BIGSERIAL PRIMARY KEY',
		bigint: 'BIGINT',
		greatest: 'GREATEST',
		skipLocked: 'FOR UPDATE SKIP LOCKED',
		forUpdate: 'FOR UPDATE',
		jsonArrayOf: 'json_array_elements_text',
		jsonArrayCast: '::json',
	},
};

/** `{name}` words replaced by the dialect's; a word a dialect lacks fails loudly. */
export function inDialect(sql: string, dialect: SqlDialect): string {
	return sql.replace(/\{([a-zA-Z]+)\}/g, (_, word: string) => {
		const replacement = DIALECTS[dialect][word];
		if (replacement === undefined) throw new Error(`relay/storage: the SQL word {${word}} is not defined for ${dialect}.`);
		return replacement;
	});
}

/**
 * Migration N brings the schema from version N-1 to N, in the dialect's words. Never edit one
 * that has shipped; append.
 */
export const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE events (
		seq {serialKey},
		dedupe_key TEXT NOT NULL UNIQUE,
		type TEXT NOT NULL,
		waba_id TEXT NOT NULL,
		phone_number_id TEXT,
		received_at {bigint} NOT NULL,
		payload TEXT NOT NULL
	);
	CREATE INDEX events_by_type ON events (type, seq);
	CREATE INDEX events_by_received ON events (received_at);
	CREATE TABLE subscriptions (
		id TEXT PRIMARY KEY,
		target_url TEXT NOT NULL,
		event_types TEXT NOT NULL,
		phone_number_id TEXT,
		waba_id TEXT,
		created_at {bigint} NOT NULL,
		last_sequence {bigint} NOT NULL DEFAULT 0
	);
	CREATE TABLE deliveries (
		id {serialKey},
		subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
		sequence {bigint} NOT NULL,
		event_seq {bigint} NOT NULL REFERENCES events (seq),
		state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'parked')),
		attempts INTEGER NOT NULL DEFAULT 0,
		next_attempt_at {bigint} NOT NULL,
		lease_owner TEXT,
		lease_until {bigint},
		last_status INTEGER,
		last_error TEXT,
		created_at {bigint} NOT NULL,
		updated_at {bigint} NOT NULL,
		delivered_at {bigint},
		UNIQUE (subscription_id, sequence)
	);
	CREATE INDEX deliveries_outbox ON deliveries (subscription_id, sequence) WHERE state = 'pending';
	CREATE INDEX deliveries_by_state ON deliveries (state, id);
	CREATE INDEX deliveries_by_event ON deliveries (event_seq);
	CREATE TABLE identity_hashes (
		phone_number_id TEXT NOT NULL,
		wa_id TEXT NOT NULL,
		identity_key_hash TEXT NOT NULL,
		source TEXT NOT NULL,
		observed_at {bigint} NOT NULL,
		dedupe_key TEXT NOT NULL,
		updated_at {bigint} NOT NULL,
		PRIMARY KEY (phone_number_id, wa_id)
	);
	`,
	// 2: fan-out and claims that cost what they find, not what exists. Routes index subscriptions by
	// event type, phone number and WABA ('' = any); next_due_at is when a subscription's outbox head
	// can be claimed (NULL: nothing pending), so a claim reads only due subscriptions; failing marks a
	// subscriber whose last attempt failed (it gets a smaller share of the delivery slots);
	// api_key_id (a digest, never the key) counts subscriptions per API key.
	`
	ALTER TABLE subscriptions ADD COLUMN api_key_id TEXT;
	ALTER TABLE subscriptions ADD COLUMN next_due_at {bigint};
	ALTER TABLE subscriptions ADD COLUMN failing INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX subscriptions_due ON subscriptions (next_due_at) WHERE next_due_at IS NOT NULL;
	CREATE INDEX subscriptions_by_key ON subscriptions (api_key_id);
	CREATE TABLE subscription_routes (
		event_type TEXT NOT NULL,
		phone_number_id TEXT NOT NULL,
		waba_id TEXT NOT NULL,
		subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
		PRIMARY KEY (event_type, phone_number_id, waba_id, subscription_id)
	);
	CREATE INDEX subscription_routes_by_subscription ON subscription_routes (subscription_id);
	INSERT INTO subscription_routes (event_type, phone_number_id, waba_id, subscription_id)
		SELECT DISTINCT j.value, COALESCE(s.phone_number_id, ''), COALESCE(s.waba_id, ''), s.id
		FROM subscriptions s CROSS JOIN {jsonArrayOf}(s.event_types{jsonArrayCast}) AS j;
	UPDATE subscriptions SET
		next_due_at = (
			SELECT {greatest}(d.next_attempt_at, COALESCE(d.lease_until, 0)) FROM deliveries d
			WHERE d.subscription_id = subscriptions.id AND d.state = 'pending' ORDER BY d.sequence LIMIT 1),
		failing = COALESCE((
			SELECT CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END FROM deliveries d
			WHERE d.subscription_id = subscriptions.id AND d.state = 'pending' ORDER BY d.sequence LIMIT 1), 0);
	`,
	// 3: people without a phone number (docs/meta-bsuid.md §2). identity_hashes keeps the BSUID next to
	// the WhatsApp ID (which is the BSUID itself when Meta leaves the phone number out), so a hash can be
	// found by either; hashes stored under a BSUID before get it filled in (phone numbers have no dot).
	// Recent events can be listed per phone number.
	`
	ALTER TABLE identity_hashes ADD COLUMN user_id TEXT;
	UPDATE identity_hashes SET user_id = wa_id WHERE wa_id LIKE '%.%';
	CREATE INDEX identity_hashes_by_user ON identity_hashes (phone_number_id, user_id);
	CREATE INDEX events_by_type_and_number ON events (type, phone_number_id, seq);
	`,
];

/** The version a fully migrated database has. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables in creation order (tests empty a shared database with it). */
export const TABLES = ['relay_schema', 'events', 'subscriptions', 'deliveries', 'identity_hashes', 'subscription_routes'] as const;
