-- 免打扰时段: a progress text falling in the pack's callerTexts.quietHours is recorded as skipped with the reason
-- quiet_hours (the caller is not texted at night; the next period after the quiet hours texts them).
alter table caller_texts drop constraint if exists caller_texts_skip_reason_check;
alter table caller_texts add constraint caller_texts_skip_reason_check check (skip_reason in ('opted_out', 'no_mobile', 'gateway_off', 'quiet_hours'));
