// The History section of the details panel, drawn by HISTORY's client/src/history-panel.ts; a
// revert made there brings the canvas along (the fact drawn again, or taken off when it is gone).
import { renderHistory } from '../history-panel';
import { editApi } from './api';

export interface HistoryHooks {
  drop(ids: string[]): void;
  refresh(ids: string[]): Promise<void>;
}

export async function showHistory(
  container: HTMLElement,
  fact: { kind: 'node' | 'relationship'; id: string },
  hooks: HistoryHooks,
): Promise<void> {
  await renderHistory(container, fact, {
    onReverted: () => {
      void editApi.fact(fact.id).then(
        () => hooks.refresh([fact.id]),
        () => hooks.drop([fact.id]),
      );
    },
  });
}
