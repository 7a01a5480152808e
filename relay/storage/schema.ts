/**
 * The relay's schema, one definition for both databases: only the column types differ
 * (SQLite stores every integer in INTEGER; PostgreSQL needs BIGINT for millisecond times).
 */
import { SCHEMA_VERSION } from './common';

export type SqlDialect = 'sqlite' | 'postgres';

const TYPES: Record<SqlDialect, { serialKey: string; bigint: string }> = {
	sqlite: { serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER' },
	postgres: { serialKey: 'BIGSERIAL PRIMARY KEY', bigint: 'BIGINT' },
};

/** Migration N brings the schema from version N-1 to N. Never edit one that has shipped; append. */
export function migrations(dialect: SqlDialect): string[] {
	const types = TYPES[dialect];
	return [
		`
		CREATE TABLE events (
			seq ${types.serialKey},
			dedupe_key TEXT NOT NULL UNIQUE,
			type TEXT NOT NULL,
			waba_id TEXT NOT NULL,
			phone_number_id TEXT,
			received_at ${types.bigint} NOT NULL,
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
			created_at ${types.bigint} NOT NULL,
			last_sequence ${types.bigint} NOT NULL DEFAULT 0
		);
		CREATE TABLE deliveries (
			id ${types.serialKey},
			subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
			sequence ${types.bigint} NOT NULL,
			event_seq ${types.bigint} NOT NULL REFERENCES events (seq),
			state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'parked')),
			attempts INTEGER NOT NULL DEFAULT 0,
			next_attempt_at ${types.bigint} NOT NULL,
			lease_owner TEXT,
			lease_until ${types.bigint},
			last_status INTEGER,
			last_error TEXT,
			created_at ${types.bigint} NOT NULL,
			updated_at ${types.bigint} NOT NULL,
			delivered_at ${types.bigint},
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
			observed_at ${types.bigint} NOT NULL,
			dedupe_key TEXT NOT NULL,
			updated_at ${types.bigint} NOT NULL,
			PRIMARY KEY (phone_number_id, wa_id)
		);
		`,
	];
}

if (migrations('sqlite').length !== SCHEMA_VERSION) throw new Error('relay/storage/schema.ts: the migrations and SCHEMA_VERSION are out of step.');
