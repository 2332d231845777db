// @name import/start-import
// @description Journals an import as it starts: (:Import {id, status: 'running', …}). Its facts,
//   claims, citations and records carry its id, so that a failed or interrupted import is undone
//   (import/undo-*); `heartbeat` is renewed while it runs, so that another process can tell a
//   running import from one whose process died.
// @mode write
// @param importId: string — a fresh id
// @param description: string — what is imported (file names)
// @param mode: string — atomic or batched
// @param owner: string — the process running it (an id per process)
CREATE (i:Import {id: $importId, status: 'running', startedAt: datetime(), heartbeat: datetime(),
                  description: $description, mode: $mode, owner: $owner})
RETURN i.id AS id
