import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/**
 * A list's date filter, kept in the URL as `from` (start of the first day) and `to` (end of the
 * last), like every other filter: the picker shows the range the URL holds, so a reload, Back or a
 * shared link shows what the list is filtered by.
 */
export function DateRangeFilter({ from, to, onChange, testId }: { from: string | null; to: string | null; onChange: (range: { from?: string; to?: string }) => void; testId?: string }) {
  const value: [Dayjs, Dayjs] | null = from && to && dayjs(from).isValid() && dayjs(to).isValid() ? [dayjs(from), dayjs(to)] : null;
  return (
    <span data-testid={testId}>
      <DatePicker.RangePicker value={value} onChange={(r) => onChange({ from: r?.[0]?.startOf('day').toISOString(), to: r?.[1]?.endOf('day').toISOString() })} />
    </span>
  );
}
