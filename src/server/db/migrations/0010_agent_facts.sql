-- Agent states as facts (src/shared/cti/agent-timeline.ts). Every piece of evidence about an
-- agent's state is kept — agent.state events from the switch, states chosen on the workbench, the
-- states a call implies (answered → on the call, ended → after-call work), wrap-up timeouts — and
-- agent_state_log and agent_status are derived from them in time order, so late, duplicate and
-- shuffled events give the same log and current state as an orderly stream.
create table agent_state_facts (
  org_id         uuid not null references orgs(id),
  key            text not null,          -- where the fact comes from: ev:<connection>:<eventId>, call:<call id>:answer, …
  agent_no       text not null,
  at             timestamptz not null,
  state          text not null check (state in ('offline', 'available', 'on_call', 'wrap_up', 'break', 'busy', 'training')),
  reason         text,
  call_id        uuid,                   -- rexian's call id; the call may arrive after the agent's event
  source         text not null check (source in ('cti', 'workbench', 'system')),
  only_if_state  text,                   -- the fact holds only while the agent is in this state …
  only_if_call   uuid,                   -- … about this call …
  only_if_since  timestamptz,            -- … entered at this instant
  primary key (org_id, key)
);
create index agent_state_facts_agent_idx on agent_state_facts (org_id, agent_no, at);

-- The log links an entry to its call by id, and the agent's event may name a call before the
-- call's first event has arrived: the link is kept without a foreign key.
alter table agent_state_log drop constraint if exists agent_state_log_call_id_fkey;
alter table agent_status drop constraint if exists agent_status_call_id_fkey;
create index agent_state_log_call_idx on agent_state_log (call_id) where call_id is not null;

-- The log written before this migration becomes the facts it is derived from again.
insert into agent_state_facts (org_id, key, agent_no, at, state, reason, call_id, source)
select org_id, 'log:' || id, agent_no, started_at, state, reason, call_id, source
from agent_state_log
where source in ('cti', 'workbench', 'system');
