import { collapseSaves, type HistoryEntry } from './historyGroups';

const save = (at: string, formVersion: number, actorName = '李明'): HistoryEntry => ({ action: 'save', actionLabel: '暂存', actorName, at, formVersion });
const submit = (at: string): HistoryEntry => ({ action: 'submit', actionLabel: '提交', actorName: '李明', at, formVersion: 18 });

describe('历史记录 collapses runs of 暂存', () => {
  it('reads eighteen saves of one day as one entry with the diff of the whole run', () => {
    const saves = Array.from({ length: 18 }, (_, i) => save(`2026-03-30T0${Math.floor(i / 10)}:${String(i % 10).padStart(2, '0')}:00+08:00`, i + 1));
    const items = collapseSaves([...saves, submit('2026-03-30T18:00:00+08:00')]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: 'saves', count: 18, fromVersion: 0, toVersion: 18 });
    expect(items[1]).toMatchObject({ kind: 'event', entry: { action: 'submit' } });
  });

  it('starts a new entry on a new Beijing day, after another action, or for another person', () => {
    const items = collapseSaves([
      save('2026-03-30T23:50:00+08:00', 1),
      save('2026-03-31T00:10:00+08:00', 2),
      submit('2026-03-31T09:00:00+08:00'),
      save('2026-03-31T10:00:00+08:00', 3),
      save('2026-03-31T11:00:00+08:00', 4, '王芳'),
    ]);
    expect(items.map((i) => (i.kind === 'saves' ? `saves×${i.count}` : i.entry.action))).toEqual(['saves×1', 'saves×1', 'submit', 'saves×1', 'saves×1']);
  });
});
