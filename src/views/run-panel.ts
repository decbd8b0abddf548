// What the panels that show a job's run share (the Training dashboard, the comparison view).
// Each shows one content at a time (a run of this session, live, or what was read back from
// its folder) and is re-targeted when other content is shown; it hears only its live run's
// updates; its page's `ready` asks for everything and its Stop button stops the live run while
// it is the one running; and showing it resolves with what the page next reports it drew.
import type * as vscode from 'vscode';
import type { JobRunUpdate } from '../host/job-runs';
import type { Services } from '../host/services';
import { DrawnWaiters } from './drawn-waiters';
import { PanelSlot, SlotPanel, type PanelKind } from './webview-base';

/** The host's front-end of one kind of job (host/job-runs.ts), as a panel uses it. */
export interface RunSource<Run, Event> {
  readonly onDidUpdate: vscode.Event<JobRunUpdate<Run, Event>>;
  readonly active: Run | undefined;
  cancel(): boolean;
}

/** What every run panel's page sends besides its own messages: it has loaded, or Stop was pressed. */
type CommonMessage = { type: 'ready' } | { type: 'stop' };

/** A run panel's own messages: all its page sends but the common ones. */
export type PageMessage<In> = Exclude<In, CommonMessage>;

type LiveRunOf<Content> = Content extends { kind: 'live'; run: infer Run } ? Run : never;

export abstract class RunPanel<In extends { type: string }, State, Content extends { kind: string }, Drawn, Event> extends SlotPanel<In, State> {
  /** Shows waiting for the page's next report of what it drew. */
  protected readonly drawn = new DrawnWaiters<Drawn>();

  protected constructor(
    slot: PanelSlot<In, State, SlotPanel<In, State>>,
    panel: vscode.WebviewPanel,
    protected readonly s: Services,
    protected content: Content,
    private readonly runs: RunSource<LiveRunOf<Content>, Event>,
  ) {
    super(slot, panel, s.log);
    this.listen(runs.onDidUpdate(({ run, event }) => {
      if (this.liveRun === run) this.runUpdated(run, event);
    }));
  }

  /** The run shown live, if the content is one. */
  protected get liveRun(): LiveRunOf<Content> | undefined {
    return this.content.kind === 'live' ? (this.content as unknown as { run: LiveRunOf<Content> }).run : undefined;
  }

  /** An event of the live run, or (without one) its end. */
  protected abstract runUpdated(run: LiveRunOf<Content>, event: Event | undefined): void;

  /** Sends the page everything it shows of the content. */
  protected abstract sendInit(): void;

  /** The page's own messages, besides `ready` and `stop`. */
  protected abstract handlePage(message: PageMessage<In>): unknown;

  protected handle(message: In): unknown {
    if (message.type === 'ready') return this.sendInit();
    if (message.type === 'stop') {
      // A finished run, or another than the one running, is left alone.
      if (this.liveRun !== undefined && this.liveRun === this.runs.active) this.runs.cancel();
      return undefined;
    }
    return this.handlePage(message as PageMessage<In>);
  }

  nextDrawn(): Promise<Drawn | undefined> {
    return this.drawn.next();
  }

  /** Shows `content` instead. */
  retarget(content: Content): void {
    this.content = content;
    this.sendInit();
  }

  protected override closing(): void {
    this.drawn.settle(undefined);
  }
}

/** The one open panel of a run panel's kind, which makes its panels itself with `make`. */
export class RunPanelSlot<In extends { type: string }, State, Content extends { kind: string }, Drawn, P extends RunPanel<In, State, Content, Drawn, unknown>>
  extends PanelSlot<In, State, P> {
  constructor(
    kind: PanelKind<In, State>,
    private readonly make: (s: Services, panel: vscode.WebviewPanel, content: Content) => P,
  ) {
    super(kind);
  }

  /** Shows `content`, in the open panel or a new one; resolves with what the page draws of it
   *  next, or undefined if the panel closes (or the panel turns to other content) first. */
  showContent(s: Services, content: Content): Promise<Drawn | undefined> {
    this.show(s, (open) => open.retarget(content), (panel) => this.make(s, panel, content));
    return this.current?.nextDrawn() ?? Promise.resolve(undefined);
  }

  /** Restores panels of this kind after a reload on the content `restore` finds again from the saved state. */
  registerContentRestorer(s: Services, restore: (state: State) => Promise<Content | undefined>): vscode.Disposable {
    return this.registerRestorer(s, restore, (panel, content) => this.make(s, panel, content));
  }
}
