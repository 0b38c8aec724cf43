import { Input } from 'antd';

/**
 * A typed list filter that applies on Enter or when the field is left, not on every keystroke:
 * lists keep their filters in the URL, which is updated in a transition, and an input controlled
 * by it would lose keystrokes. Keyed by the URL's value, so Back or a link shows what the list is
 * filtered by.
 */
export function TextFilter({ value, placeholder, onChange, testId, width = 140 }: { value: string; placeholder: string; onChange: (v: string) => void; testId: string; width?: number }) {
  const apply = (v: string) => {
    if (v.trim() !== value) onChange(v.trim());
  };
  return (
    <Input
      key={value}
      allowClear
      defaultValue={value}
      placeholder={placeholder}
      style={{ width }}
      data-testid={testId}
      onPressEnter={(e) => apply(e.currentTarget.value)}
      onBlur={(e) => apply(e.currentTarget.value)}
      onClear={() => apply('')}
    />
  );
}
