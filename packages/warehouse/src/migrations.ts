/**
 * Versioned migrations of the canonical schema. Append only: a released migration never changes;
 * a model change is a new entry. `schema.ts` describes the result and a test keeps the two equal.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "imports, campaigns, agents, calls",
    sql: `
CREATE TABLE imports (
  import_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  rows_by_table JSON NOT NULL,
  status VARCHAR NOT NULL,
  errors JSON
);
CREATE TABLE campaigns (
  campaign_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  account_id VARCHAR
);
CREATE TABLE agents (
  agent_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  username VARCHAR NOT NULL,
  first_name VARCHAR,
  last_name VARCHAR,
  email VARCHAR,
  account_id VARCHAR,
  disabled BOOLEAN NOT NULL
);
CREATE TABLE calls (
  call_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  agent_id VARCHAR,
  contact_id VARCHAR,
  queue VARCHAR,
  priority INTEGER,
  started_at TIMESTAMP NOT NULL,
  queued_at TIMESTAMP,
  answered_at TIMESTAMP,
  ended_at TIMESTAMP,
  ivr_secs DOUBLE,
  wait_secs DOUBLE,
  talk_secs DOUBLE,
  handle_secs DOUBLE,
  answered BOOLEAN NOT NULL,
  abandoned BOOLEAN NOT NULL,
  outcome VARCHAR,
  resolved BOOLEAN,
  csat INTEGER,
  topic VARCHAR
);`,
  },
];
