-- Callback tasks for two more reasons: 'correction' — an answer given on a call was found wrong and the
-- caller must be told (seed 001: 不隐瞒差错，发现回答错误应及时回拨); 'promised' — a night call ended with a
-- follow-up promised. `detail` says what to tell the caller (the right answer, what was promised).
alter table callback_tasks drop constraint if exists callback_tasks_reason_check;
alter table callback_tasks add constraint callback_tasks_reason_check check (reason in ('abandoned', 'night', 'unanswered', 'correction', 'promised'));
alter table callback_tasks add column if not exists detail text;
