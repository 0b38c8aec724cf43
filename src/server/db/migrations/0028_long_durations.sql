-- Durations in milliseconds that can pass 2^31 ms (about 24.9 days) become bigint. An agent left
-- available over a long holiday, a wrap-up nobody closed, a call whose end the switch reported a
-- month late: written as integer they failed the whole CTI batch (numeric out of range).
-- node-postgres reads int8 as a string and PGlite as a number; the code reads them with Number().
alter table agent_state_log alter column duration_ms type bigint;
alter table calls
  alter column wait_ms type bigint,
  alter column talk_ms type bigint,
  alter column hold_ms type bigint,
  alter column wrapup_ms type bigint;
-- The largest wait of a bin is one call's wait_ms.
alter table kpi_call_rollup alter column max_wait_ms type bigint;
alter table kpi_call_day_rollup alter column max_wait_ms type bigint;
