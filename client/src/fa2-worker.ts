// The big-view layout's web worker: runs a ForceAtlas2 + Noverlap job (fa2-core.ts) off the main
// thread, so that the page keeps drawing, and posts the positions every 250 ms and at the end.
import { runFa2Job, type Fa2Job, type Fa2Progress } from './fa2-core';

/** The worker's global scope, narrowed: the client compiles with the DOM library, not WebWorker. */
interface WorkerScope {
  onmessage: ((event: MessageEvent<Fa2Job>) => void) | null;
  postMessage(message: Fa2Progress, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  runFa2Job(event.data, (progress) => scope.postMessage(progress, [progress.xy.buffer]));
};
