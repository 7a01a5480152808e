/**
 * The hand-written stand-in for n8n's execution contexts is gone: every n8n test runs on n8n-core's
 * engine (./engine). This file only re-exports the test fixtures under the path tests written
 * before the port imported them from, so a branch that adds such a test still compiles when merged.
 * New tests import ./fixtures; delete this file once nothing imports it.
 */
export * from './fixtures';
